use crate::components::PageTitle;
use crate::loaded::loaded;
use leptos::prelude::*;

use crate::api::admin::{user_directory, CreateBoard, CreateUser, SetAssignment, SetUserRole};
use crate::components::{data_changes, ErrorList, FormError};
use crate::domain::access::Role;
use crate::domain::NamedRef;
use crate::views::admin::{UserDirectoryView, UserRow};

/// `/admin/users`: accounts, roles and team membership (admins only).
#[component]
pub fn UsersPage() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let set_role = ServerAction::<SetUserRole>::new();
    let assign = ServerAction::<SetAssignment>::new();
    let create_board = ServerAction::<CreateBoard>::new();
    let changes = [
        data_changes(create),
        data_changes(set_role),
        data_changes(assign),
        data_changes(create_board),
    ];
    let directory = loaded(move || changes.map(|c| c.get()), |_| user_directory());
    let last_error = move || {
        create
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| set_role.value().get().and_then(Result::err))
            .or_else(|| assign.value().get().and_then(Result::err))
            .or_else(|| create_board.value().get().and_then(Result::err))
    };
    // Only an admin reads the directory; only then are the forms shown.
    view! {
        <PageTitle text="Users · Throughline" />
        <section class="account">
            <h1>"Users"</h1>
            <Suspense>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors section=true /> }>
                    {move || Suspend::new(async move {
                        directory
                            .await
                            .map(|directory| {
                                view! {
                                    <AddForms create create_board />
                                    <FormError error=last_error />
                                    <UserTable directory set_role assign />
                                    <ExportEverything />
                                }
                            })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

/// The whole database in one file: a backup, or the way to another engine.
#[component]
fn ExportEverything() -> impl IntoView {
    view! {
        <h2>"Export everything"</h2>
        <p>
            "Every table in one JSON document, as " <code>"throughline export"</code>
            " writes it; " <code>"throughline restore"</code>
            " reads it into an empty database, SQLite or PostgreSQL. It holds the accounts' password hashes: keep it as safe as the database."
        </p>
        // `download` keeps the router out of it.
        <p>
            <a href="/admin/export.json" download>
                "Download the export (JSON)"
            </a>
        </p>
        <h2>"Import"</h2>
        <p>
            <a href="/admin/import">"Import work from Jira or Trello"</a>
            ", with its history, onto a team's board."
        </p>
    }
}

/// Adding a user, and a team or a product.
#[component]
fn AddForms(
    create: ServerAction<CreateUser>,
    create_board: ServerAction<CreateBoard>,
) -> impl IntoView {
    view! {
        <h2>"Add a user"</h2>
        <ActionForm action=create attr:class="stacked-form">
            <label>"Name" <input type="text" name="display_name" required /></label>
            <label>"Email" <input type="email" name="email" required /></label>
            <label>"Role" <RoleSelect selected=Role::Viewer /></label>
            <label>
                "First password (at least 10 characters)"
                <input type="password" name="password" minlength="10" required />
            </label>
            <button type="submit">"Add user"</button>
        </ActionForm>
        <h2>"Add a team or product"</h2>
        <ActionForm action=create_board attr:class="inline-form">
            <label>
                "Kind"
                <select name="kind">
                    <option value="team">"Team (gets a team board)"</option>
                    <option value="product">"Product (gets a feature kanban)"</option>
                </select>
            </label>
            <label>"Team or product name" <input type="text" name="name" required /></label>
            <button type="submit">"Add"</button>
        </ActionForm>
    }
}

/// The roles to choose from; `name` labels it where no `<label>` wraps it.
#[component]
fn RoleSelect(selected: Role, #[prop(optional, into)] name: Option<String>) -> impl IntoView {
    view! {
        <select name="role" aria-label=name>
            {Role::ALL
                .iter()
                .map(|role| {
                    view! {
                        <option value=role.key() selected=*role == selected>
                            {role.label()}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

#[component]
fn UserTable(
    directory: UserDirectoryView,
    set_role: ServerAction<SetUserRole>,
    assign: ServerAction<SetAssignment>,
) -> impl IntoView {
    let (teams, products) = (directory.teams, directory.products);
    view! {
        <table class="users">
            <thead>
                <tr>
                    <th>"Name"</th>
                    <th>"Role"</th>
                    <th>"Teams"</th>
                    <th>"Manages products"</th>
                </tr>
            </thead>
            <tbody>
                {directory
                    .users
                    .into_iter()
                    .map(|user| {
                        view! {
                            <UserLine
                                user
                                teams=teams.clone()
                                products=products.clone()
                                set_role
                                assign
                            />
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn UserLine(
    user: UserRow,
    teams: Vec<NamedRef>,
    products: Vec<NamedRef>,
    set_role: ServerAction<SetUserRole>,
    assign: ServerAction<SetAssignment>,
) -> impl IntoView {
    let id = user.id.to_string();
    let (role_id, team_id) = (id.clone(), id.clone());
    let email = user.email.clone();
    let role_of = format!("Role of {}", user.display_name);
    view! {
        <tr data-email=email>
            <td>
                {user.display_name} <br /> <small>{user.email}</small>
            </td>
            <td>
                <ActionForm action=set_role attr:class="inline-form">
                    <input type="hidden" name="user_id" value=role_id />
                    <input type="hidden" name="version" value=user.version.to_string() />
                    <RoleSelect selected=user.role name=role_of />
                    <button type="submit">"Save role"</button>
                </ActionForm>
            </td>
            <td class="memberships">
                <Toggles user_id=team_id kind="team" options=teams held=user.teams assign />
            </td>
            <td class="memberships">
                <Toggles user_id=id kind="product" options=products held=user.products assign />
            </td>
        </tr>
    }
}

/// One button per team (or product): "+ Engine" gives it, "✓ Engine" takes it away.
#[component]
fn Toggles(
    user_id: String,
    kind: &'static str,
    options: Vec<NamedRef>,
    held: Vec<uuid::Uuid>,
    assign: ServerAction<SetAssignment>,
) -> impl IntoView {
    options
        .into_iter()
        .map(|option| {
            let user_id = user_id.clone();
            let is_held = held.contains(&option.id);
            let (mark, verb) = if is_held {
                ("✓", "Remove from")
            } else {
                ("+", "Add to")
            };
            let title = format!("{verb} {}", option.name);
            view! {
                <ActionForm action=assign attr:class="inline-form">
                    <input type="hidden" name="user_id" value=user_id />
                    <input type="hidden" name="kind" value=kind />
                    <input type="hidden" name="target_id" value=option.id.to_string() />
                    <input type="hidden" name="held" value=(!is_held).to_string() />
                    <button type="submit" class:member=is_held title=title.clone() aria-label=title>
                        {format!("{mark} {}", option.name)}
                    </button>
                </ActionForm>
            }
        })
        .collect_view()
}
