//! The dialogs over the list: help, confirmation, note, export preview.

use std::path::{Path, PathBuf};

use tui_input::Input;

use super::{App, Modal, Status, Step};
use crate::action::Action;
use crate::contact::{ContactId, Text};
use crate::export::{self, ExportFormat};
use crate::text::plural;

/// The export preview: who the next batch in a format would hold, where it would go, and who
/// is left out and why; nothing is written until it is confirmed.
#[derive(Debug)]
pub struct ExportDialog {
    pub format: ExportFormat,
    pub file: PathBuf,
    /// Whether the user typed `file` (it is kept when the format changes).
    pub file_chosen: bool,
    /// Name and address of each contact the batch would write, in its order.
    pub rows: Vec<(String, String)>,
    /// What the summary of `vetted export` says beside the list: warnings, who is left out
    /// and why, invitations to accept.
    pub notes: Vec<String>,
    /// The first line of the list shown.
    pub scroll: usize,
    /// The file name being typed, while it is.
    pub path: Option<Input>,
    /// Why the last try to write (or to choose a file) failed: shown in the preview itself,
    /// where the footer would cut it.
    pub error: Option<String>,
}

impl ExportDialog {
    /// The notes as the list shows them at `width`: wrapped, after a blank line.
    pub fn note_lines(&self, width: usize) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.notes.is_empty() && !self.rows.is_empty() {
            lines.push(String::new());
        }
        for note in &self.notes {
            lines.extend(wrap_hanging(&crate::text::terminal_safe(note), width));
        }
        lines
    }

    /// Why writing failed, wrapped, with a blank line after it; nothing when it did not.
    pub fn error_lines(&self, width: usize) -> Vec<String> {
        let Some(error) = &self.error else {
            return Vec::new();
        };
        let mut lines = crate::text::wrap(&crate::text::terminal_safe(error), width);
        lines.push(String::new());
        lines
    }

    /// How many lines the list has on a screen of `size`.
    pub fn lines(&self, size: (u16, u16)) -> usize {
        let width = usize::from(crate::tui::layout::export_width(size));
        self.error_lines(width).len() + self.rows.len() + self.note_lines(width).len()
    }

    /// Where the list is on a screen of `size`: the dialog and the list's area in it.
    pub fn layout(&self, size: (u16, u16)) -> (ratatui::layout::Rect, ratatui::layout::Rect) {
        crate::tui::layout::export_dialog(size, self.lines(size))
    }

    /// The furthest the list scrolls on a screen of `size`: its last line at the bottom.
    pub fn max_scroll(&self, size: (u16, u16)) -> usize {
        let (_, body) = self.layout(size);
        self.lines(size).saturating_sub(usize::from(body.height))
    }
}

impl App {
    pub(super) fn act_help(&mut self, action: Action) {
        match action {
            Action::Help | Action::Cancel => self.modal = Modal::None,
            Action::Quit => self.quit = true,
            Action::MoveDown | Action::PageDown => {
                if let Modal::Help { scroll } = &mut self.modal {
                    *scroll += 1;
                }
            }
            Action::MoveUp | Action::PageUp => {
                if let Modal::Help { scroll } = &mut self.modal {
                    *scroll = scroll.saturating_sub(1);
                }
            }
            _ => {}
        }
    }

    pub(super) fn act_confirm(&mut self, action: Action) {
        match action {
            Action::Confirm => match std::mem::replace(&mut self.modal, Modal::None) {
                Modal::ConfirmMark(pending) => {
                    self.apply_changes(&pending.changes, true);
                    // The weaker suggestions are asked about next.
                    if let Some(next) = pending.then {
                        self.modal = Modal::ConfirmMark(*next);
                    }
                }
                Modal::ConfirmPeople(change, _) => self.apply_people(change),
                _ => {}
            },
            Action::Cancel => match std::mem::replace(&mut self.modal, Modal::None) {
                // No to the strong suggestions still offers the weaker ones.
                Modal::ConfirmMark(super::PendingMark {
                    then: Some(next), ..
                }) => self.modal = Modal::ConfirmMark(*next),
                _ => self.status = Some(Status::Info("Cancelled; nothing changed".into())),
            },
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    pub(super) fn act_export(&mut self, action: Action) {
        let size = self.size;
        let Modal::Export(dialog) = &mut self.modal else {
            return;
        };
        let last = dialog.max_scroll(size);
        let (_, body) = dialog.layout(size);
        let page = usize::from(body.height).max(1);
        match action {
            Action::Confirm => {
                if let Modal::Export(dialog) = std::mem::replace(&mut self.modal, Modal::None) {
                    self.write_export(*dialog);
                }
            }
            Action::Cancel => {
                self.modal = Modal::None;
                self.status = Some(Status::Info("Export cancelled; nothing written".into()));
            }
            Action::SwitchList => {
                let next = match dialog.format {
                    ExportFormat::Csv => ExportFormat::Vcard,
                    ExportFormat::Vcard => ExportFormat::Emails,
                    ExportFormat::Emails => ExportFormat::Outreach,
                    ExportFormat::Outreach => ExportFormat::Csv,
                };
                let chosen = dialog.file_chosen.then(|| dialog.file.clone());
                self.open_export(next, chosen);
            }
            Action::ChooseDestination => {
                dialog.path = Some(Input::new(dialog.file.display().to_string()));
            }
            Action::MoveDown => dialog.scroll = (dialog.scroll + 1).min(last),
            Action::MoveUp => dialog.scroll = dialog.scroll.saturating_sub(1),
            Action::PageDown => dialog.scroll = (dialog.scroll + page).min(last),
            Action::PageUp => dialog.scroll = dialog.scroll.saturating_sub(page),
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    pub(super) fn act_path(&mut self, action: Action) {
        let Modal::Export(dialog) = &mut self.modal else {
            return;
        };
        match action {
            Action::AcceptPath => {
                let Some(input) = dialog.path.take() else {
                    return;
                };
                let typed = input.value().trim();
                if typed.is_empty() {
                    return;
                }
                let file = resolve_path(&self.settings.export_folder, typed);
                let folder = file.parent().filter(|p| !p.as_os_str().is_empty());
                let refusal = if file.is_dir() {
                    Some(format!(
                        "{} is a folder; type a file name in it",
                        file.display()
                    ))
                } else if let Some(folder) = folder.filter(|f| !f.is_dir()) {
                    Some(format!(
                        "the folder {} does not exist; vetted does not create folders",
                        folder.display()
                    ))
                } else if file.exists() {
                    Some(format!(
                        "{} exists; the screen never replaces a file: type another name",
                        file.display()
                    ))
                } else {
                    None
                };
                dialog.error = refusal;
                if dialog.error.is_some() {
                    dialog.path = Some(input);
                    return;
                }
                dialog.file = file;
                dialog.file_chosen = true;
            }
            Action::Cancel => dialog.path = None,
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    pub(super) fn act_note(&mut self, action: Action) {
        match action {
            Action::SaveNote => {
                let Modal::Note { id, editor } = &self.modal else {
                    return;
                };
                let id = *id;
                let note = editor.lines().join("\n").trim().to_string();
                match self.workspace.set_note(id, &note) {
                    Ok(()) => {
                        if let Some(&index) = self.index.get(&id) {
                            self.contacts[index].set_note(note.into());
                            if let Ok(mut search_index) = self.search_index.write() {
                                search_index.update(index, &self.contacts[index]);
                            }
                        }
                        self.modal = Modal::None;
                        self.status = Some(Status::Info("Note saved".into()));
                    }
                    Err(error) => {
                        self.status =
                            Some(Status::Error(format!("The note was not saved: {error}")));
                    }
                }
            }
            Action::Cancel => {
                self.modal = Modal::None;
                self.status = Some(Status::Info("Note unchanged".into()));
            }
            _ => {}
        }
    }

    /// Opens (or refreshes) the export preview for the next batch in `format`, to `file` or
    /// to the format's default file in the export folder.
    pub(super) fn open_export(&mut self, format: ExportFormat, file: Option<PathBuf>) {
        let request = export::Request::next(format);
        let settings = &self.settings.export;
        let preview = match export::preview(&self.workspace, &request, settings) {
            Ok(Some(preview)) => preview,
            Ok(None) => return,
            Err(error) => {
                self.status = Some(Status::Error(format!("Cannot prepare the export: {error}")));
                return;
            }
        };
        let to_accept =
            export::invitations_to_accept(&self.workspace, &preview).unwrap_or_else(|error| {
                vec![format!("The invitations to accept cannot be read: {error}")]
            });
        // The groups of notes, a blank line between them.
        let mut notes: Vec<String> = Vec::new();
        for group in [
            export::warnings(&preview, settings),
            export::left_out_lines(&preview.selection, preview.limit),
            to_accept,
        ] {
            if group.is_empty() {
                continue;
            }
            if !notes.is_empty() {
                notes.push(String::new());
            }
            notes.extend(group);
        }
        let rows = preview
            .selection
            .vetted
            .rows()
            .iter()
            .map(|row| (row.name.clone(), row.address.clone()))
            .collect();
        let file_chosen = file.is_some();
        let file = file.unwrap_or_else(|| default_file(&self.settings.export_folder, format));
        self.modal = Modal::Export(Box::new(ExportDialog {
            format,
            file,
            file_chosen,
            rows,
            notes,
            scroll: 0,
            path: None,
            error: None,
        }));
    }

    /// Writes the batch the preview showed, through the same library call as `vetted export`.
    /// When the file cannot be written the preview stays open, so another can be chosen.
    pub(super) fn write_export(&mut self, dialog: ExportDialog) {
        let written = export::write_batch(
            &mut self.workspace,
            &export::Request::next(dialog.format),
            &self.settings.export,
            export::Destination::File {
                path: &dialog.file,
                force: false,
            },
        );
        self.status = Some(match written {
            Ok(batch) if batch.written_to.is_none() => Status::Info("Nothing to export".into()),
            Ok(batch) => {
                self.mark_exported(&batch.preview.selection.vetted);
                Status::Info(format!(
                    "Wrote {} to {} ({})",
                    plural(batch.preview.len() as u64, "contact", "contacts"),
                    dialog.file.display(),
                    dialog.format.describe()
                ))
            }
            Err(error @ export::BatchError::Record { .. }) => Status::Error(error.to_string()),
            Err(export::BatchError::Save(export::SaveError::Exists { path })) => {
                self.show_export_error(
                    dialog,
                    format!(
                        "Not written, nothing recorded: {} exists, and the screen never replaces a file; choose another (d)",
                        path.display()
                    ),
                );
                return;
            }
            Err(error) => {
                self.show_export_error(dialog, format!("Not written, nothing recorded: {error}"));
                return;
            }
        });
    }

    /// Keeps the preview open with `message` in it, to choose another file or cancel.
    fn show_export_error(&mut self, mut dialog: ExportDialog, message: String) {
        dialog.error = Some(message);
        self.modal = Modal::Export(Box::new(dialog));
    }

    /// The outreach message the note being written would give the contact, as it stands.
    pub fn note_draft(&self) -> Option<export::write::Draft> {
        let Modal::Note { id, editor } = &self.modal else {
            return None;
        };
        let contact = &self.contacts[*self.index.get(id)?];
        let note = editor.lines().join(" ");
        Some(export::draft_with_note(
            contact,
            note.trim(),
            &self.settings.export,
        ))
    }

    /// The longest outreach message LinkedIn takes (`[export] note_limit`).
    pub fn note_limit(&self) -> usize {
        self.settings.export.note_limit
    }

    /// Shows the contacts of a batch just written as exported (their marker, the details).
    fn mark_exported(&mut self, vetted: &export::Vetted) {
        for row in vetted.rows() {
            if let Some(&index) = self.index.get(&row.id) {
                let contact = &mut self.contacts[index];
                self.counts.count(contact, -1);
                contact.signals.exported = true;
                self.counts.count(contact, 1);
            }
        }
        self.details.id = None;
    }

    /// Says the contact under the cursor is not the LinkedIn connection of the same name, or,
    /// when it was said, takes that back. Saved at once.
    pub(super) fn toggle_not_connected(&mut self) {
        use crate::contact::LinkedIn;
        let Some(contact) = self.current() else {
            return;
        };
        let (id, name) = (
            contact.id,
            crate::text::terminal_safe(&contact.name).into_owned(),
        );
        let refused = contact.signals.not_connected;
        if !refused && contact.signals.linkedin != LinkedIn::ProbablyConnected {
            self.status = Some(Status::Info(
                "No LinkedIn connection has this name; nothing to say".into(),
            ));
            return;
        }
        if let Err(error) = self.workspace.set_not_connected(&[id], !refused) {
            self.status = Some(Status::Error(format!("Not saved: {error}")));
            return;
        }
        let matched = !self
            .workspace
            .connections_named_like(id)
            .unwrap_or_default()
            .is_empty();
        let Some(&index) = self.index.get(&id) else {
            return;
        };
        let contact = &mut self.contacts[index];
        self.counts.count(contact, -1);
        contact.signals.not_connected = !refused;
        contact.signals.linkedin = if !refused || !matched {
            LinkedIn::NotConnected
        } else {
            LinkedIn::ProbablyConnected
        };
        self.counts.count(contact, 1);
        self.details.id = None;
        self.status = Some(Status::Info(if refused {
            format!("{name} may be the LinkedIn connection of that name again (c)")
        } else {
            format!("{name} is not the LinkedIn connection of that name; c takes it back")
        }));
    }

    /// Exports the contact under the cursor with its next address (round), saved at once.
    pub(super) fn prefer_next_address(&mut self) {
        let Some(contact) = self.current() else {
            return;
        };
        if contact.addresses.len() < 2 {
            self.status = Some(Status::Info(
                "This contact has one address; exports use it".into(),
            ));
            return;
        }
        let (id, name) = (contact.id, contact.name.clone());
        let current = contact.preferred_address();
        let at = contact
            .addresses
            .iter()
            .position(|a| a == current)
            .unwrap_or(0);
        let next = contact
            .addresses
            .iter()
            .nth((at + 1) % contact.addresses.len())
            .unwrap_or(current)
            .to_string();
        let before = contact.preferred().map(Text::from);
        let after = Some(Text::from(crate::contact::address_key(&next)));
        if self.set_preferred(id, after.clone()) {
            self.undo.push(Step::preferred(id, before, after));
            self.redo.clear();
            self.status = Some(Status::Info(format!(
                "Exports use {} for {}",
                crate::text::terminal_safe(&next),
                crate::text::terminal_safe(&name)
            )));
        }
    }

    /// Saves which address contact `id` is exported with (its key; `None`: the first), then
    /// shows it. On failure the status says why and nothing changes.
    pub(super) fn set_preferred(&mut self, id: ContactId, key: Option<Text>) -> bool {
        if let Err(error) = self.workspace.set_preferred(id, key.as_deref()) {
            self.status = Some(Status::Error(format!("Not saved: {error}")));
            return false;
        }
        if let Some(&index) = self.index.get(&id) {
            self.contacts[index].set_preferred(key);
            // The order by domain reads the preferred address.
            self.orders
                .retain(|(sort, _)| *sort != crate::config::Sort::Domain);
            self.domains = None;
            if let Ok(mut search_index) = self.search_index.write() {
                search_index.update(index, &self.contacts[index]);
            }
            if self.sort == crate::config::Sort::Domain {
                // The row moves to its new domain's place now, the cursor with it.
                self.rebuild_visible(Some(id));
            }
        }
        true
    }
}

/// The file a batch in `format` goes to unless another is chosen:
/// `<folder>/vetted-<kind>-<date>.<extension>`, or with `-2`, `-3`, ... when that file exists.
fn default_file(folder: &Path, format: ExportFormat) -> PathBuf {
    let (name, extension) = match format {
        ExportFormat::Csv => ("vetted-invite", "csv"),
        ExportFormat::Vcard => ("vetted-invite", "vcf"),
        ExportFormat::Emails => ("vetted-invite", "txt"),
        ExportFormat::Outreach => ("vetted-outreach", "csv"),
    };
    let date = crate::text::date(std::time::SystemTime::now());
    let mut candidate = folder.join(format!("{name}-{date}.{extension}"));
    let mut n = 2;
    while candidate.exists() {
        candidate = folder.join(format!("{name}-{date}-{n}.{extension}"));
        n += 1;
    }
    candidate
}

/// `text` wrapped to `width`, its later lines indented under its first word after any
/// indentation (`      6 unreviewed ...` goes on under `unreviewed`).
fn wrap_hanging(text: &str, width: usize) -> Vec<String> {
    let lines = crate::text::wrap(text, width);
    if lines.len() < 2 {
        return lines;
    }
    let leading = text.len() - text.trim_start().len();
    let indent = match leading {
        0 => 0,
        _ => {
            let first_word = text.trim_start().split(' ').next().map_or(0, str::len);
            leading + first_word + 1
        }
    };
    if indent == 0 || indent * 2 > width {
        return lines;
    }
    let first = lines[0].clone();
    let rest = text[first.len().min(text.len())..].trim_start();
    let mut out = vec![first];
    out.extend(
        crate::text::wrap(rest, width - indent)
            .into_iter()
            .map(|line| format!("{}{line}", " ".repeat(indent))),
    );
    out
}

/// A typed file name: `~/` is the home folder, a relative name is in `folder`.
fn resolve_path(folder: &Path, typed: &str) -> PathBuf {
    if let Some(rest) = typed.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())
    {
        return home.join(rest);
    }
    let path = Path::new(typed);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        folder.join(path)
    }
}
