# Shared by scripts/test and scripts/demo. Takes an existing Frappe v15 bench; builds nothing of Frappe.
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=${RECRM_BENCH:-/home/frappe/frappe-bench}
DB_ROOT_USER=${RECRM_DB_ROOT_USER:-recrm_admin}
DB_ROOT_PASSWORD=${RECRM_DB_ROOT_PASSWORD:-recrm_admin}

say() { printf '\033[1;34m[recrm]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[recrm] %s\033[0m\n' "$*" >&2; }

have_bench() { [ -d "$BENCH/apps/frappe" ] && [ -x "$BENCH/env/bin/python" ] && [ -d "$BENCH/sites" ]; }
no_bench_line() { echo "recrm: no Frappe v15 bench at $BENCH (set RECRM_BENCH to one; the README says how to make it)"; }

bench_user() { stat -c %U "$BENCH"; }

# Run a command as the bench's owner: bench refuses root, and files it writes must stay the owner's.
as_bench_user() {
	local user
	user=$(bench_user)
	if [ "$(id -un)" = "$user" ]; then
		bash -c "$*"
	elif [ "$(id -u)" = 0 ]; then
		runuser -u "$user" -- env HOME="$(getent passwd "$user" | cut -d: -f6)" \
			PATH="$BENCH/env/bin:/usr/local/bin:/usr/bin:/bin" bash -c "$*"
	else
		fail "run as root or as $user, the owner of $BENCH"
		return 1
	fi
}

# `bench --site … <command>` without the bench CLI: the CLI itself calls Frappe's bench_helper.
frappe_cmd() {
	as_bench_user "cd '$BENCH/sites' && '$BENCH/env/bin/python' -m frappe.utils.bench_helper frappe $(printf '%q ' "$@")"
}

site_config_value() {
	"$BENCH/env/bin/python" -c "import json,sys; print(json.load(open('$BENCH/sites/common_site_config.json')).get('$1',''))" 2>/dev/null
}

ensure_packages() {
	local missing=()
	command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 || missing+=(mariadb-server mariadb-client)
	command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
	if [ ${#missing[@]} -gt 0 ]; then
		if [ "$(id -u)" != 0 ]; then
			fail "missing ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root"
			return 1
		fi
		say "installing ${missing[*]}"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	fi
}

ensure_mariadb() {
	if ! mariadb-admin ping --silent >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
		local conf=/etc/mysql/mariadb.conf.d/99-recrm.cnf
		if [ ! -f "$conf" ]; then
			cat >"$conf" <<-CNF
				[mysqld]
				character-set-server = utf8mb4
				collation-server = utf8mb4_unicode_ci
				bind-address = 127.0.0.1
				innodb_buffer_pool_size = 512M

				[mysql]
				default-character-set = utf8mb4
			CNF
		fi
		say "starting MariaDB"
		(service mariadb start || service mysql start) >/dev/null 2>&1 || (mysqld_safe >/dev/null 2>&1 &)
		for _ in $(seq 1 30); do mariadb-admin ping --silent >/dev/null 2>&1 && break; sleep 1; done
	fi
	if ! mariadb-admin ping --silent >/dev/null 2>&1; then
		fail "MariaDB is not running and could not be started"
		return 1
	fi
	if [ "$(id -u)" = 0 ] && ! mariadb -u"$DB_ROOT_USER" -p"$DB_ROOT_PASSWORD" -h127.0.0.1 -e 'select 1' >/dev/null 2>&1; then
		say "creating the MariaDB admin user $DB_ROOT_USER for bench"
		mariadb -uroot <<-SQL
			CREATE USER IF NOT EXISTS '$DB_ROOT_USER'@'localhost' IDENTIFIED BY '$DB_ROOT_PASSWORD';
			CREATE USER IF NOT EXISTS '$DB_ROOT_USER'@'127.0.0.1' IDENTIFIED BY '$DB_ROOT_PASSWORD';
			GRANT ALL PRIVILEGES ON *.* TO '$DB_ROOT_USER'@'localhost' WITH GRANT OPTION;
			GRANT ALL PRIVILEGES ON *.* TO '$DB_ROOT_USER'@'127.0.0.1' WITH GRANT OPTION;
			FLUSH PRIVILEGES;
		SQL
	fi
}

ensure_redis() {
	local key url port conf
	for key in redis_cache redis_queue; do
		url=$(site_config_value "$key")
		port=${url##*:}
		[ -n "$port" ] || { fail "sites/common_site_config.json has no $key"; return 1; }
		if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
			conf="$BENCH/config/${key}.conf"
			say "starting Redis ($key) on port $port"
			if [ -f "$conf" ]; then
				as_bench_user "cd '$BENCH' && redis-server '$conf' --daemonize yes" >/dev/null
			else
				as_bench_user "redis-server --port $port --bind 127.0.0.1 --save '' --appendonly no --daemonize yes" >/dev/null
			fi
			for _ in $(seq 1 10); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.5; done
		fi
	done
}

# Copy the checkout into the bench (the bench's user must own what it writes) and install it.
install_app_into_bench() {
	local target="$BENCH/apps/recrm" user
	user=$(bench_user)
	say "copying $REPO into $target"
	mkdir -p "$target"
	(cd "$REPO" && tar --exclude=.git --exclude=node_modules --exclude=__pycache__ --exclude=.pytest_cache \
		--exclude=.ruff_cache --exclude=.hypothesis --exclude=artifacts -cf - .) | (cd "$target" && tar -xf -)
	# files deleted from the checkout must not live on in the bench
	(cd "$target" && find . -path ./node_modules -prune -o -type f -print | sed 's|^\./||') | while read -r f; do
		case "$f" in recrm/public/dist/*|*.pyc|*.egg-info/*) continue ;; esac
		[ -e "$REPO/$f" ] || rm -f "$target/$f"
	done
	[ "$(id -u)" = 0 ] && chown -R "$user": "$target"
	if ! as_bench_user "'$BENCH/env/bin/python' -c 'import recrm, sys; sys.exit(0 if recrm.__file__.startswith(\"$target\") else 1)'" 2>/dev/null; then
		say "pip install -e apps/recrm"
		as_bench_user "cd '$BENCH' && ./env/bin/pip install --quiet -e apps/recrm" || return 1
	fi
	grep -qx recrm "$BENCH/sites/apps.txt" || as_bench_user "printf '\nrecrm' >> '$BENCH/sites/apps.txt' && sed -i '/^$/d' '$BENCH/sites/apps.txt'"
}

new_site() {
	local site=$1
	if [ -d "$BENCH/sites/$site" ]; then
		say "dropping the old $site"
		drop_site "$site" || return 1
	fi
	say "creating $site"
	frappe_cmd new-site "$site" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
		--admin-password admin --install-app recrm || return 1
}

# Drops a site and its database, leaving no backup and no copy in the bench's archived/sites.
drop_site() {
	local site=$1 archive rc
	archive=$(mktemp -d)
	[ "$(id -u)" = 0 ] && chown "$(bench_user)": "$archive"
	frappe_cmd drop-site "$site" --db-root-username "$DB_ROOT_USER" --db-root-password "$DB_ROOT_PASSWORD" \
		--no-backup --force --archived-sites-path "$archive" >/dev/null
	rc=$?
	rm -rf "$archive"
	return $rc
}

# Socketio authenticates a browser by calling back the site's own URL (the page's origin), so the
# site's name must resolve on this machine as it does in the browser. HOSTS_LINE_ADDED names the line
# this shell added, for remove_hosts_entry (which removes that line only).
HOSTS_LINE_ADDED=""
ensure_hosts_entry() {
	local site=$1
	getent hosts "$site" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" = 0 ]; then
		echo "127.0.0.1 $site" >>/etc/hosts && HOSTS_LINE_ADDED="127.0.0.1 $site"
	else
		say "add '127.0.0.1 $site' to /etc/hosts for live updates on the board"
	fi
}

remove_hosts_entry() {
	[ -n "$HOSTS_LINE_ADDED" ] || return 0
	# the last line that is exactly the one added, rewritten in place (/etc/hosts may be a bind mount)
	python3 - "$HOSTS_LINE_ADDED" <<-'PY' && HOSTS_LINE_ADDED=""
		import sys

		line = sys.argv[1]
		with open("/etc/hosts", "r+") as f:
		    lines = f.read().splitlines(keepends=True)
		    for i in range(len(lines) - 1, -1, -1):
		        if lines[i].rstrip("\n") == line:
		            del lines[i]
		            break
		    f.seek(0)
		    f.write("".join(lines))
		    f.truncate()
	PY
}

# The PIDs of a process and of everything below it, parents first.
tree_pids() {
	local pid=$1 child
	[ -d "/proc/$pid" ] || return 0
	echo "$pid"
	for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do tree_pids "$child"; done
}

# End a process and everything it started, by PID (never by name: other benches share the machine).
# The whole tree is listed before anything is signalled (a child whose parent ends first is
# reparented and would be missed); what has not ended after a few seconds gets SIGKILL.
kill_tree() {
	local pid pids=() left
	for pid in "$@"; do
		[ -n "$pid" ] || continue
		# shellcheck disable=SC2207
		pids+=($(tree_pids "$pid"))
	done
	[ ${#pids[@]} -gt 0 ] || return 0
	kill -TERM "${pids[@]}" 2>/dev/null || true
	for _ in $(seq 1 20); do
		left=()
		for pid in "${pids[@]}"; do alive "$pid" && left+=("$pid"); done
		[ ${#left[@]} -eq 0 ] && return 0
		sleep 0.5
	done
	kill -KILL "${left[@]}" 2>/dev/null || true
}

# A PID that runs (a zombie, ended but not yet reaped by its parent, does not).
alive() {
	local state
	state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	[ -n "$state" ] && [ "${state:0:1}" != Z ]
}

# The pinned lint and test tools (scripts/dev-requirements.txt) in a virtualenv of their own under
# the user's cache, made once per Python version and remade when the pins change: nothing is
# installed into the system's Python. Sets TOOLS_PY to the venv's python.
TOOLS_PY=""
ensure_tools() {
	local reqs="$REPO/scripts/dev-requirements.txt" pyver dir stamp
	pyver=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])') || return 1
	dir=${RECRM_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/recrm-tools}/py$pyver
	stamp=$(sha256sum "$reqs" | cut -c1-16)
	if [ "$(cat "$dir/.pins" 2>/dev/null)" != "$stamp" ]; then
		say "installing the pinned tools ($(grep -Ev '^(#|$)' "$reqs" | tr '\n' ' ')) into $dir"
		rm -rf "$dir"
		python3 -m venv "$dir" || return 1
		"$dir/bin/python" -m pip install --quiet --disable-pip-version-check -r "$reqs" || return 1
		echo "$stamp" >"$dir/.pins"
	fi
	TOOLS_PY="$dir/bin/python"
}

# Counts of a unittest run (Frappe's run-tests) from its output: "ran passed failed skipped" summed
# over the given logs ("Ran N tests" and the "OK (skipped=…)" / "FAILED (failures=…)" line after it).
unittest_counts() {
	python3 - "$@" <<-'PY'
		import re, sys

		total = [0, 0, 0, 0]
		for path in sys.argv[1:]:
		    text = open(path, errors="replace").read()
		    runs = list(re.finditer(r"^Ran (\d+) tests? in ", text, re.M))
		    if not runs:
		        continue
		    ran = int(runs[-1].group(1))
		    tail = text[runs[-1].end():]
		    verdict = re.search(r"^(OK|FAILED)\b(?: \((.*)\))?$", tail, re.M)
		    counts = dict(re.findall(r"(\w[\w ]*)=(\d+)", verdict.group(2) or "")) if verdict else {}
		    counts = {k.strip(): int(v) for k, v in counts.items()}
		    failed = counts.get("failures", 0) + counts.get("errors", 0) + counts.get("unexpected successes", 0)
		    skipped = counts.get("skipped", 0) + counts.get("expected failures", 0)
		    if not verdict:
		        failed = max(failed, 1)
		    total[0] += ran
		    total[1] += max(ran - failed - skipped, 0)
		    total[2] += failed
		    total[3] += skipped
		print(*total)
	PY
}
