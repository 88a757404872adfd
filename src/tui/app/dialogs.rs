//! The dialogs over the list: help, confirmation, note, export preview.

use std::path::PathBuf;

use super::{App, Modal, Status};
use crate::action::Action;
use crate::export::{self, ExportFormat, ExportKind};
use crate::text::plural;

/// What the export dialog would write.
#[derive(Debug)]
pub struct ExportPreview {
    pub kind: ExportKind,
    pub file: PathBuf,
    pub count: usize,
    pub lines: Vec<String>,
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
                Modal::ConfirmMark(pending) => self.apply_changes(&pending.changes, false),
                Modal::Export(preview) => self.write_export(&preview),
                other => self.modal = other,
            },
            Action::Cancel => {
                self.modal = Modal::None;
                self.status = Some(Status::Info("Cancelled; nothing changed".into()));
            }
            Action::SwitchList => {
                if let Modal::Export(preview) = &self.modal {
                    let other = match preview.kind {
                        ExportKind::Invite => ExportKind::Outreach,
                        ExportKind::Outreach => ExportKind::Invite,
                    };
                    self.open_export(other);
                }
            }
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
                            self.contacts[index].note = note;
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

    pub(super) fn open_export(&mut self, kind: ExportKind) {
        let format = match kind {
            ExportKind::Invite => ExportFormat::Csv,
            ExportKind::Outreach => ExportFormat::Outreach,
        };
        let request = export::Request::next(format);
        let preview = match export::preview(&self.workspace, &request, &self.settings.export) {
            Ok(Some(preview)) => preview,
            Ok(None) => return,
            Err(error) => {
                self.status = Some(Status::Error(format!("Cannot prepare the export: {error}")));
                return;
            }
        };
        let name = match kind {
            ExportKind::Invite => "vetted-invite",
            ExportKind::Outreach => "vetted-outreach",
        };
        let file = unused_file(&self.settings.export_folder, name);
        let lines = export::left_out_lines(&preview.selection, preview.limit);
        self.modal = Modal::Export(ExportPreview {
            kind,
            file,
            count: preview.len(),
            lines,
        });
    }

    pub(super) fn write_export(&mut self, preview: &ExportPreview) {
        let format = match preview.kind {
            ExportKind::Invite => ExportFormat::Csv,
            ExportKind::Outreach => ExportFormat::Outreach,
        };
        let written = export::write_batch(
            &mut self.workspace,
            &export::Request::next(format),
            &self.settings.export,
            export::Destination::File {
                path: &preview.file,
                force: false,
            },
        );
        self.status = Some(match written {
            Ok(batch) if batch.written_to.is_none() => Status::Info("Nothing to export".into()),
            Ok(batch) => Status::Info(format!(
                "Wrote {} to {}",
                plural(batch.preview.len() as u64, "contact", "contacts"),
                preview.file.display()
            )),
            Err(error @ export::BatchError::Record { .. }) => Status::Error(error.to_string()),
            Err(error) => Status::Error(format!("Export failed, nothing was recorded: {error}")),
        });
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
        let next = contact.addresses[(at + 1) % contact.addresses.len()].clone();
        match self.workspace.prefer(&next) {
            Ok(_) => {
                if let Some(&index) = self.index.get(&id) {
                    self.contacts[index].preferred = Some(crate::contact::address_key(&next));
                    if let Ok(mut search_index) = self.search_index.write() {
                        search_index.update(index, &self.contacts[index]);
                    }
                }
                self.status = Some(Status::Info(format!(
                    "Exports use {} for {}",
                    crate::text::terminal_safe(&next),
                    crate::text::terminal_safe(&name)
                )));
            }
            Err(error) => {
                self.status = Some(Status::Error(format!("Not saved: {error}")));
            }
        }
    }
}

/// `<folder>/<name>-<date>.csv`, or with `-2`, `-3`, ... when that file exists.
fn unused_file(folder: &std::path::Path, name: &str) -> PathBuf {
    let date = crate::text::date(std::time::SystemTime::now());
    let mut candidate = folder.join(format!("{name}-{date}.csv"));
    let mut n = 2;
    while candidate.exists() {
        candidate = folder.join(format!("{name}-{date}-{n}.csv"));
        n += 1;
    }
    candidate
}
