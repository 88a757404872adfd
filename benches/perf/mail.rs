//! The mail-history scan: a generated mbox, scanned in a child process for its memory.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use super::books::Rng;
use super::measure::{mb, peak_rss_mb};

/// Writes a deterministic mbox of about `size_mb` MB: a user and two thousand correspondents,
/// plain messages of a few KB and one in ten with a base64 attachment, as a mailbox export has.
pub fn write_mbox(path: &Path, size_mb: usize) -> u64 {
    let mut out =
        std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path).expect("mbox"));
    let mut rng = Rng(0x5eed_3a11);
    let target = (size_mb as u64) << 20;
    let mut written = 0u64;
    let text_line =
        "Thanks for the notes from Tuesday; I have gone through them and added a few comments.\n";
    let base64_line =
        "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\n";
    let person = |n: usize| format!("Person {n} <person{n}@corp{}.example>", n % 97);
    let mut message = 0u64;
    while written < target {
        message += 1;
        let user_sends = rng.below(10) < 3;
        let other = person(rng.below(2000));
        let (from, to) = if user_sends {
            ("Sam Example <me@home.example>".to_string(), other)
        } else {
            (other, "Sam Example <me@home.example>".to_string())
        };
        let day = 1 + rng.below(28);
        let mut text = format!(
            "From me@home.example Mon Jan {day:2} 10:{:02}:00 2024\n\
             Return-Path: <bounce@mail.example>\n\
             Received: from mx.example (mx.example [192.0.2.1])\n\tby mail.example with ESMTPS id {message}\n\tfor <me@home.example>; Mon, {day} Jan 2024 10:00:00 +0000\n\
             From: {from}\nTo: {to}\nCc: {}\nSubject: =?UTF-8?Q?Re:_Notes_=E2=80=94_{message}?=\n\
             Date: Mon, {day} Jan 2024 10:{:02}:00 +0000\nMessage-ID: <{message}@mail.example>\n\
             MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b{message}\"\n\n--b{message}\n\
             Content-Type: text/plain; charset=utf-8\n\n",
            rng.below(60),
            person(rng.below(2000)),
            rng.below(60)
        );
        for _ in 0..(10 + rng.below(40)) {
            text.push_str(text_line);
        }
        if rng.below(10) == 0 {
            text.push_str(&format!(
                "--b{message}\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n"
            ));
            for _ in 0..(200 + rng.below(1200)) {
                text.push_str(base64_line);
            }
        }
        text.push_str(&format!("--b{message}--\n\n"));
        out.write_all(text.as_bytes()).expect("write");
        written += text.len() as u64;
    }
    out.flush().expect("flush");
    written
}

/// In a fresh process: scan an mbox as `vetted import` does (each message's headers read into
/// an envelope and its key worked out), report seconds, messages and peak memory.
pub fn child_mbox(path: &Path) {
    let start = Instant::now();
    let file = std::fs::File::open(path).expect("mbox");
    let mut senders = 0u64;
    let messages = vetted::import::mail::scan_mbox(
        file,
        &mut |headers, _| {
            let envelope = vetted::import::mail::envelope(headers);
            std::hint::black_box(envelope.key());
            senders += u64::from(!envelope.from.is_empty());
        },
        &mut |_| {},
    )
    .expect("scans");
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(senders, messages, "every generated message has a sender");
    println!("{seconds} {messages} {}", peak_rss_mb());
}

/// Mail-history scanning throughput (MB/s) and the scanning process's peak RSS (MB).
pub fn mbox_throughput(dir: &Path, size_mb: usize) -> Option<(f64, f64)> {
    let path = dir.join("mail.mbox");
    let bytes = write_mbox(&path, size_mb);
    let output = Command::new(std::env::current_exe().ok()?)
        .arg("--child-mbox")
        .arg(&path)
        .output()
        .ok()?;
    let reported = String::from_utf8_lossy(&output.stdout);
    let mut parts = reported.split_whitespace();
    let seconds: f64 = parts.next()?.parse().ok()?;
    let messages: u64 = parts.next()?.parse().ok()?;
    let rss: f64 = parts.next()?.parse().ok()?;
    eprintln!(
        "  {} messages, {:.0} MB in {seconds:.2} s",
        messages,
        mb(bytes as usize)
    );
    let _ = std::fs::remove_file(&path);
    Some((mb(bytes as usize) / seconds, rss))
}
