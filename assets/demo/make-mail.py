#!/usr/bin/env python3
"""Writes assets/demo/mail.mbox: the demo's mail history (deterministic; rerun to regenerate).

The demo user (you@home.example) corresponds with some of the demo address book's people: a
few often both ways, some now and then, some only written to; role addresses send newsletters
and notifications. Everyone and everything here is made up.
"""
import random
import re
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path

here = Path(__file__).parent
rng = random.Random(20261126)
book = (here / "google-contacts.csv").read_text(encoding="utf-8") + (here / "phone.vcf").read_text(encoding="utf-8")
addresses = list(dict.fromkeys(re.findall(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.example", book)))
roles = [a for a in addresses if re.match(r"(noreply|no-reply|info|support|newsletter|billing|notifications)@", a)]
people = [a for a in addresses if a not in roles]
rng.shuffle(people)
me = "You <you@home.example>"
start = datetime(2023, 1, 9, 9, 0, tzinfo=timezone.utc)
messages = []

def message(sender, recipient, when, subject):
    messages.append((when, sender, recipient, subject))

def when():
    return start + timedelta(days=rng.randrange(0, 1050), minutes=rng.randrange(0, 600))

for address in people[:8]:  # close: often, both ways
    for _ in range(rng.randrange(3, 9)):
        message(me, address, when(), "Catching up")
    for _ in range(rng.randrange(3, 9)):
        message(address, me, when(), "Re: Catching up")
for address in people[8:20]:  # now and then
    message(me, address, when(), "Quick question")
    if rng.random() < 0.7:
        message(address, me, when(), "Re: Quick question")
for address in people[20:28]:  # written to, never answered
    message(me, address, when(), "Introduction")
for address in roles:
    for _ in range(rng.randrange(2, 12)):
        message(address, me, when(), "Your weekly update")

messages.sort()
out = []
for sent, sender, recipient, subject in messages:
    envelope = re.search(r"[^<\s]+@[^>\s]+", sender).group(0)
    out.append(
        f"From {envelope} {sent.strftime('%a %b %d %H:%M:%S %Y')}\n"
        f"From: {sender}\nTo: {recipient}\nSubject: {subject}\n"
        f"Date: {format_datetime(sent)}\n\nA made-up message for the vetted demo.\n\n"
    )
(here / "mail.mbox").write_text("".join(out), encoding="utf-8")
print(f"{len(messages)} messages")
