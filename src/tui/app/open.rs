//! Opening the screen in two steps: the workspace's contacts read with what the first frame
//! needs (counts, positions, what the addresses say), then the search index and the possible
//! duplicates, side by side, while the first frame shows.

use super::*;

impl App {
    /// Loads the workspace's contacts and opens on the Unreviewed view.
    pub fn new(
        workspace: Workspace,
        keymap: Keymap,
        settings: Settings,
        title: String,
    ) -> crate::store::Result<App> {
        let mut app = App::opening(workspace, keymap, settings, title)?;
        app.finish_opening();
        Ok(app)
    }

    /// [`App::new`] up to what the first frame shows: the list, its counts and order. The
    /// search index and the possible duplicates are left to [`App::finish_opening`] (at a
    /// million contacts they took most of the two seconds before anything showed), and the
    /// status line says they are coming. Any update finishes the opening first.
    pub fn opening(
        workspace: Workspace,
        keymap: Keymap,
        settings: Settings,
        title: String,
    ) -> crate::store::Result<App> {
        // Freed memory goes back to the system until the opening is finished.
        crate::memory::open_begins();
        App::open(workspace, keymap, settings, title)
    }

    /// Whether [`App::finish_opening`] has work left.
    pub fn still_opening(&self) -> bool {
        self.opening.is_some()
    }

    /// Builds the search index and finds the possible duplicates, side by side, if
    /// [`App::opening`] left them.
    pub fn finish_opening(&mut self) {
        let Some(Opening {
            kept_apart,
            typeahead_dropped,
        }) = self.opening.take()
        else {
            return;
        };
        let (contacts, roles) = (&self.contacts, &self.settings.roles);
        let (search_index, groups) = std::thread::scope(|scope| {
            let groups = scope.spawn(|| crate::duplicates::find(contacts, &kept_apart, roles));
            let search_index = Index::build(contacts);
            let groups = groups
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (search_index, groups)
        });
        crate::memory::open_ends();
        self.search_index = Arc::new(RwLock::new(search_index));
        self.worker = (self.contacts.len() > self.settings.background_search_above)
            .then(|| Worker::start(Arc::clone(&self.search_index)));
        self.show_duplicates(groups);
        if matches!(&self.status, Some(Status::Info(text)) if text == OPENING) {
            self.status = typeahead_dropped.then(|| Status::Info(super::dropped::TYPEAHEAD.into()));
        }
        // Only the Duplicates view's rows depend on the groups.
        if self.view == View::Duplicates {
            let keep = self.current().map(|c| c.id);
            self.rebuild_visible(keep);
        }
    }

    fn open(
        workspace: Workspace,
        keymap: Keymap,
        settings: Settings,
        title: String,
    ) -> crate::store::Result<App> {
        let mut contacts = workspace.contacts(None)?;
        let kept_apart = workspace.kept_apart()?;
        // Counts, positions and what the addresses say only read the contacts: side by side.
        let (index, counts, (roles, domains)) = std::thread::scope(|scope| {
            let facts = scope.spawn(|| address_facts(&contacts, &settings.roles));
            let index = positions::Positions::of(&contacts);
            let mut counts = Tally::default();
            for contact in &contacts {
                counts.count(contact, 1);
            }
            let facts = facts
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (index, counts, facts)
        });
        set_role_flags(&mut contacts, &roles);
        let has_mail = contacts
            .iter()
            .any(|c| c.signals.sent > 0 || c.signals.received > 0);
        let view = settings.screen.view;
        // Without mail history, a mail order would be the import order under another name.
        let sort = match settings.screen.sort {
            sort if sort.needs_mail() && !has_mail => Sort::ImportOrder,
            sort => sort,
        };
        let mut app = App {
            workspace,
            keymap,
            settings,
            title,
            contacts,
            index,
            counts,
            view,
            sort,
            has_mail,
            visible: Vec::new(),
            cursor: 0,
            offset: 0,
            selected: HashSet::new(),
            modal: Modal::None,
            undo: Vec::new(),
            redo: Vec::new(),
            pace: Pace::default(),
            clock: Box::new(Instant::now),
            show_details: true,
            details: Details::default(),
            status: Some(Status::Info(OPENING.into())),
            refused: (0, None),
            pending: Vec::new(),
            size: (80, 24),
            quit: false,
            suspend: false,
            scope: Scope::default(),
            others: Vec::new(),
            orders: Vec::new(),
            domains: Some(domains),
            search_index: Arc::new(RwLock::new(Index::default())),
            searcher: Searcher::default(),
            worker: None,
            search: None,
            highlights: HashMap::new(),
            highlighted: (String::new(), 0, 0),
            groups: Vec::new(),
            mail_span: None,
            opening: Some(Opening {
                kept_apart,
                typeahead_dropped: false,
            }),
        };
        app.mail_span = app.workspace.mail_span()?;
        app.rebuild_visible(None);
        // The Duplicates view shows nothing without them: found before the first frame.
        if app.view == View::Duplicates
            || app.contacts.len() <= app.settings.first_frame_early_above
        {
            app.finish_opening();
        }
        Ok(app)
    }
}

/// What [`App::finish_opening`] has left to do with.
pub(super) struct Opening {
    /// The pairs kept apart, for finding duplicates.
    kept_apart: Vec<(String, String)>,
    /// Keys typed before the first frame were dropped: said once the opening is finished (the
    /// status line says it is opening until then).
    pub(super) typeahead_dropped: bool,
}

/// What the status line says between the first frame and the end of [`App::finish_opening`].
const OPENING: &str = "Opening: building the search and looking for possible duplicates…";

/// What the screen keeps of each contact's addresses, read once as it opens (they are not
/// read in order, so reading them costs a cache miss each): whether they are all role
/// addresses ([`crate::suggest::is_role`]), and its domain's number.
pub(super) fn address_facts(
    contacts: &[Contact],
    roles: &crate::suggest::Roles,
) -> (Vec<bool>, list::Domains) {
    let mut domains = list::DomainNumbers::default();
    let roles = contacts
        .iter()
        .map(|contact| {
            domains.push(contact);
            crate::suggest::is_role(contact, roles)
        })
        .collect();
    (roles, domains.finish())
}

/// Keeps the role flags of [`address_facts`] in the contacts' signals, for suggestions to read.
pub(super) fn set_role_flags(contacts: &mut [Contact], flags: &[bool]) {
    for (contact, role) in contacts.iter_mut().zip(flags) {
        contact.signals.role = Some(*role);
    }
}
