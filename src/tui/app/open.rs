//! Opening the screen: the workspace's contacts read, and what the first frame needs worked
//! out from them (the search index, possible duplicates, counts and positions), side by side.

use super::*;

impl App {
    /// Loads the workspace's contacts and opens on the Unreviewed view.
    pub fn new(
        workspace: Workspace,
        keymap: Keymap,
        settings: Settings,
        title: String,
    ) -> crate::store::Result<App> {
        crate::memory::returning_freed_memory(|| App::open(workspace, keymap, settings, title))
    }

    fn open(
        workspace: Workspace,
        keymap: Keymap,
        settings: Settings,
        title: String,
    ) -> crate::store::Result<App> {
        let mut contacts = workspace.contacts(None)?;
        let kept_apart = workspace.kept_apart()?;
        // The search index, the possible duplicates and the counts only read the contacts:
        // worked out side by side, on the way to the first frame.
        let (search_index, groups, (index, counts, roles, domains)) = std::thread::scope(|scope| {
            let groups =
                scope.spawn(|| crate::duplicates::find(&contacts, &kept_apart, &settings.roles));
            let tally = scope.spawn(|| {
                let index = positions::Positions::of(&contacts);
                let mut counts = Tally::default();
                for contact in &contacts {
                    counts.count(contact, 1);
                }
                let (roles, domains) = address_facts(&contacts, &settings.roles);
                (index, counts, roles, domains)
            });
            let search_index = Index::build(&contacts);
            (
                search_index,
                groups
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
                tally
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            )
        });
        set_role_flags(&mut contacts, &roles);
        let search_index = Arc::new(RwLock::new(search_index));
        let worker = (contacts.len() > settings.background_search_above)
            .then(|| Worker::start(Arc::clone(&search_index)));
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
            status: None,
            refused: (0, None),
            pending: Vec::new(),
            size: (80, 24),
            quit: false,
            suspend: false,
            scope: Scope::default(),
            others: Vec::new(),
            orders: Vec::new(),
            domains: Some(domains),
            search_index,
            searcher: Searcher::default(),
            worker,
            search: None,
            highlights: HashMap::new(),
            highlighted: (String::new(), 0, 0),
            groups: Vec::new(),
            mail_span: None,
        };
        app.mail_span = app.workspace.mail_span()?;
        app.show_duplicates(groups);
        app.rebuild_visible(None);
        Ok(app)
    }
}

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
