"""Flask CLI commands: `flask --app server create-token|create-user|create-province-user|
set-password|revoke-token|unlock-login|backup|restore`."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app

from store.auth import (KIOSK_PER_MINUTE, MAX_PER_MINUTE, PROVINCE, ROLES, create_token,
                        create_user, find_token, revoke_token)


def register_cli(app: Flask) -> None:
    @app.cli.command("create-token")
    @click.option("--role", required=True, type=click.Choice(ROLES))
    @click.option("--counter", "counters", multiple=True, type=int,
                  help="counter a clerk token may act on, or a rating screen faces (repeatable)")
    @click.option("--name", default=None, help="who or what holds the token")
    @click.option("--max-per-minute", type=click.IntRange(0, MAX_PER_MINUTE), default=None,
                  help=f"kiosk: tickets a minute at most (default {KIOSK_PER_MINUTE}: a burst "
                       f"of that many, then one every 60/N s; 0: no limit, for integrations "
                       f"and load tests)")
    def create_token_command(role, counters, name, max_per_minute):
        """Mint a bearer token; it is printed once, as the last line."""
        luot = current_app.extensions["luot"]
        known = {c.number for c in luot.config.counters}
        for number in counters:
            if number not in known:
                raise click.BadParameter(f"no counter {number} in this hall", param_hint="--counter")
        if role in ("clerk", "rating") and not counters:
            raise click.BadParameter(f"a {role} token needs at least one --counter")
        if role == "province" and counters:
            raise click.BadParameter("a province token reads every hall; it has no --counter")
        name = name or (f"{role} " + ",".join(map(str, counters))).strip()
        if max_per_minute is not None and role != "kiosk":
            raise click.BadParameter("only a kiosk token has a ticket rate",
                                     param_hint="--max-per-minute")
        hall = PROVINCE if role == "province" else luot.config.id     # province: every hall
        secret = create_token(luot.engine, hall, role, name, counters, luot.clock.now(),
                              max_per_minute)
        token_id = find_token(luot.engine, hall, secret).id
        click.echo(f"Token {token_id} for {role} '{name}' (store it now; it is not shown again; "
                   f"revoke-token {token_id} revokes it):", err=True)
        click.echo(secret)

    @app.cli.command("create-branch")
    @click.option("--hall", "hall_id", required=True, help="the branch hall's id (its [hall] id)")
    @click.option("--name", default=None, help="the branch's name, until its hall file arrives")
    def create_branch_command(hall_id, name):
        """At the province: a branch hall's credential; printed once, as the last line."""
        from store.branches import BranchRefused, create_branch
        deployment = current_app.extensions["deployment"]
        try:
            secret = create_branch(deployment.engine, hall_id, name or hall_id,
                                   deployment.clock.now(), hosted=set(deployment.halls))
        except BranchRefused as error:
            raise click.ClickException(error.message) from None
        click.echo(f"Credential of branch '{hall_id}' (put it in its [branch] credential; "
                   "it is not shown again):", err=True)
        click.echo(secret)

    @app.cli.command("revoke-branch")
    @click.option("--hall", "hall_id", required=True)
    def revoke_branch_command(hall_id):
        """At the province: refuse a branch's credential from now on (its record stays)."""
        from store.branches import revoke_branch
        deployment = current_app.extensions["deployment"]
        if not revoke_branch(deployment.engine, hall_id, deployment.clock.now()):
            raise click.ClickException(f"no live branch credential for {hall_id}")
        click.echo(f"branch {hall_id} revoked")

    @app.cli.command("create-user")
    @click.option("--username", required=True)
    @click.option("--full-name", required=True, help="shown on the console and in reports")
    @click.option("--role", default="clerk", type=click.Choice(ROLES))
    @click.option("--counter", "counters", multiple=True, type=int)
    @click.password_option()
    def create_user_command(username, full_name, role, counters, password):
        """Create a person who signs in (clerk, manager, admin; province: every hall)."""
        luot = current_app.extensions["luot"]
        hall = PROVINCE if role == "province" else luot.config.id
        try:
            user_id = create_user(luot.engine, hall, username, password, full_name,
                                  role, counters, luot.clock.now())
        except ValueError as error:
            raise click.ClickException(str(error))
        click.echo(f"user {username} created (id {user_id})")

    @app.cli.command("create-province-user")
    @click.option("--username", required=True)
    @click.option("--full-name", required=True, help="shown on the pages it reads")
    @click.password_option()
    def create_province_user_command(username, full_name, password):
        """Create a province account: it signs in at /login and reads every hall (/province),
        and changes nothing."""
        luot = current_app.extensions["luot"]
        try:
            user_id = create_user(luot.engine, PROVINCE, username, password, full_name,
                                  "province", (), luot.clock.now())
        except ValueError as error:
            raise click.ClickException(str(error))
        except Exception as error:   # noqa: BLE001 - the name is taken (unique per hall "*")
            if "unique" not in str(error).lower():
                raise
            raise click.ClickException(f"a province account {username} exists already")
        click.echo(f"province user {username} created (id {user_id}); sign in at /login, "
                   "then /province")

    @app.cli.command("set-password")
    @click.option("--username", required=True)
    @click.password_option()
    def set_password_command(username, password):
        """Change a person's password; every session they have ends (works while the server
        runs)."""
        from store.sessions import set_password
        luot = current_app.extensions["luot"]
        try:
            set_password(luot.engine, luot.config.id, username, password, luot.clock.now())
        except (LookupError, ValueError) as error:
            raise click.ClickException(str(error.args[0]))
        click.echo(f"password of {username} changed; their sessions ended")

    @app.cli.command("revoke-token")
    @click.argument("token_id", type=int)
    def revoke_token_command(token_id):
        """Revoke a token by its id."""
        luot = current_app.extensions["luot"]
        if not revoke_token(luot.engine, token_id, luot.clock.now()):
            raise click.ClickException(f"no token {token_id}")
        click.echo(f"token {token_id} revoked")

    @app.cli.command("unlock-login")
    @click.option("--username", required=True, help="the name locked after wrong passwords")
    def unlock_login_command(username):
        """Lift the sign-in locks on a name, from every address (works while the server runs)."""
        locked = current_app.extensions["login_throttle"].unlock(username)
        if locked:
            click.echo(f"{locked} lock(s) on {username.strip().lower()} lifted")
        else:
            click.echo(f"no lock on {username.strip().lower()}")

    @app.cli.command("backup")
    @click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path),
                  help="folder for the backup (default: LUOT_BACKUP_DIR or instance/backups); "
                       "only the newest LUOT_BACKUP_KEEP backups are kept there")
    def backup_command(folder):
        """Back up the SQLite database now, while the server runs; prints the file's path."""
        from store.backup import BackupError, backup_folder, sqlite_path, take_backup
        luot = current_app.extensions["luot"]
        try:
            path = take_backup(sqlite_path(luot.engine), folder or backup_folder(luot.settings),
                               luot.clock.now(), luot.settings.backup_keep)
        except BackupError as error:
            raise click.ClickException(str(error))
        click.echo(str(path))

    @app.cli.command("restore")
    @click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--yes", is_flag=True, help="do not ask for confirmation")
    def restore_command(backup, yes):
        """Replace the database with a backup (stop the server first; the old file is kept)."""
        from store.backup import BackupError, restore, sqlite_path
        from store.migrate import head_revision, known_revisions
        luot = current_app.extensions["luot"]
        try:
            database = sqlite_path(luot.engine)
            if not yes:
                click.confirm(f"Replace {database} with {backup}?", abort=True)
            luot.engine.dispose()
            revision, kept = restore(backup, database, known_revisions(), luot.config.id,
                                     luot.clock.now())
        except BackupError as error:
            raise click.ClickException(str(error))
        if kept:
            click.echo(f"the replaced database is kept as {kept}")
        upgrade = "" if revision == head_revision() else \
            f"; the server upgrades it to {head_revision()} when it starts"
        click.echo(f"restored {backup.name} (schema {revision}{upgrade}); start the server")
