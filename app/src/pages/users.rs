use leptos::prelude::*;
use leptos_meta::Title;

use crate::admin::{
    user_directory, CreateUser, SetTeamMembership, SetUserRole, UserDirectoryView, UserRow,
};
use crate::components::{ErrorList, FormError};
use crate::domain::access::Role;

/// `/admin/users`: accounts, roles and team membership (admins only).
#[component]
pub fn UsersPage() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let set_role = ServerAction::<SetUserRole>::new();
    let set_team = ServerAction::<SetTeamMembership>::new();
    let directory = Resource::new(
        move || {
            (
                create.version().get(),
                set_role.version().get(),
                set_team.version().get(),
            )
        },
        |_| user_directory(),
    );
    let last_error = move || {
        create
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| set_role.value().get().and_then(Result::err))
            .or_else(|| set_team.value().get().and_then(Result::err))
    };
    view! {
        <Title text="Users · Throughline" />
        <section class="account">
            <h1>"Users"</h1>
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
            <FormError error=last_error />
            <Suspense>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>
                    {move || Suspend::new(async move {
                        directory
                            .await
                            .map(|directory| view! { <UserTable directory set_role set_team /> })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn RoleSelect(selected: Role) -> impl IntoView {
    view! {
        <select name="role">
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
    set_team: ServerAction<SetTeamMembership>,
) -> impl IntoView {
    let teams = directory.teams;
    view! {
        <table class="users">
            <thead>
                <tr>
                    <th>"Name"</th>
                    <th>"Role"</th>
                    <th>"Teams"</th>
                </tr>
            </thead>
            <tbody>
                {directory
                    .users
                    .into_iter()
                    .map(|user| view! { <UserLine user teams=teams.clone() set_role set_team /> })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn UserLine(
    user: UserRow,
    teams: Vec<crate::board_view::TeamLink>,
    set_role: ServerAction<SetUserRole>,
    set_team: ServerAction<SetTeamMembership>,
) -> impl IntoView {
    let id = user.id.to_string();
    let memberships = teams
        .into_iter()
        .map(|team| {
            let id = id.clone();
            let member = user.teams.contains(&team.id);
            let label = if member {
                format!("✓ {}", team.name)
            } else {
                format!("+ {}", team.name)
            };
            let title = if member {
                format!("Remove from {}", team.name)
            } else {
                format!("Add to {}", team.name)
            };
            view! {
                <ActionForm action=set_team attr:class="inline-form">
                    <input type="hidden" name="user_id" value=id />
                    <input type="hidden" name="team_id" value=team.id.to_string() />
                    <input type="hidden" name="member" value=(!member).to_string() />
                    <button type="submit" class:member=member title=title.clone() aria-label=title>
                        {label}
                    </button>
                </ActionForm>
            }
        })
        .collect_view();
    let email = user.email.clone();
    view! {
        <tr data-email=email>
            <td>
                {user.display_name} <br /> <small>{user.email}</small>
            </td>
            <td>
                <ActionForm action=set_role attr:class="inline-form">
                    <input type="hidden" name="user_id" value=id />
                    <input type="hidden" name="version" value=user.version.to_string() />
                    <RoleSelect selected=user.role />
                    <button type="submit">"Save role"</button>
                </ActionForm>
            </td>
            <td class="memberships">{memberships}</td>
        </tr>
    }
}
