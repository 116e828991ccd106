#!/usr/bin/env python3
"""Writes the labelled grouping corpus (one <system>.tsv per system: event label TAB message).

Every template below is a message shape documented by the software itself (see SOURCES.md); the values are drawn at
random with a fixed seed, deliberately varied the way real logs vary: identifier-like names with many values (users,
hosts, units, topics, containers), ids that mask as different types (decimal, hex, hashes), and value renderings
that change the token count (sizes, durations, lists). Run it again only to change the corpus; commit its output.
"""
import random

R = random.Random(20261129)
USERS = ["root", "alice", "bob", "deploy", "postgres", "git", "ubuntu", "admin", "oracle", "svc-backup", "jenkins", "www-data", "carol", "mallory", "test", "guest"]
HOSTS = ["shop.example.com", "api.internal", "db-primary.prod.svc", "cache.local", "auth.example.org", "static.cdn.example.net", "orders-db.internal", "localhost", "metrics.example.com"]
PATHS = ["/api/orders", "/api/users/me", "/healthz", "/login", "/static/app.js", "/favicon.ico", "/api/cart/items", "/admin", "/wp-login.php", "/graphql"]
UNITS = ["nginx.service", "docker.service", "sshd.service", "cron.service", "postgresql.service", "redis-server.service", "kubelet.service", "containerd.service", "app-worker.service", "node-exporter.service"]
CONTAINERS = ["nginx", "api", "worker", "redis", "postgres", "sidecar-proxy", "init-config", "metrics-exporter", "frontend", "scheduler"]
IMAGES = ["nginx:1.27", "redis:7.2-alpine", "ghcr.io/acme/api:v2.3.1", "postgres:16", "registry.k8s.io/pause:3.9", "busybox:latest", "acme/worker:sha-1f2e3d"]
TOPICS = ["orders", "payments.events", "user-signups", "audit_log", "inventory.updates", "clicks", "__consumer_offsets"]
DBS = ["shop", "analytics", "auth", "billing", "postgres"]
TABLES = ["orders", "users", "line_items", "sessions", "events", "invoices"]
IFACES = ["eth0", "ens3", "wlp2s0", "enp0s31f6", "br0", "wlan0"]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]


def ip():
    return f"{R.choice([10, 172, 192, 203])}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


def port():
    return R.randint(1024, 65535)


def hexid(n):
    return "".join(R.choice("0123456789abcdef") for _ in range(n))


def rid():
    # Request ids the way generators print them: sometimes all digits, sometimes hex with letters, sometimes long.
    return R.choice([str(R.randint(1000, 999999)), hexid(8), hexid(16), hexid(32)])


def size():
    b = R.choice([0, R.randint(1, 999), R.randint(1000, 10**6), R.randint(10**6, 10**10)])
    if b < 1024:
        return f"{b} bytes" if R.random() < 0.5 else f"{b} B"
    if b < 1024**2:
        return f"{b / 1024:.1f} KB"
    if b < 1024**3:
        return f"{b / 1024**2:.1f} MB ({b // 1024:,} KB)"
    return f"{b / 1024**3:.2f} GB"


def dur():
    return R.choice([f"{R.randint(1, 999)}ms", f"{R.uniform(0.1, 59):.3f}s", f"{R.randint(1, 59)}m{R.randint(1, 59)}s", f"{R.randint(1, 900)} ms"])


def isize():
    return R.choice([f"{R.uniform(0, 900):.3f} MiB", f"{R.randint(0, 999)} B", f"{R.uniform(0, 9):.3f} GiB", f"{R.uniform(1, 999):.3f} KiB"])


SYSTEMS = {
    "sshd": [
        lambda: f"Accepted publickey for {R.choice(USERS)} from {ip()} port {port()} ssh2: RSA SHA256:{hexid(20)}",
        lambda: f"Accepted password for {R.choice(USERS)} from {ip()} port {port()} ssh2",
        lambda: f"Failed password for {R.choice(USERS)} from {ip()} port {port()} ssh2",
        lambda: f"Failed password for invalid user {R.choice(USERS)} from {ip()} port {port()} ssh2",
        lambda: f"Invalid user {R.choice(USERS)} from {ip()} port {port()}",
        lambda: f"Connection closed by authenticating user {R.choice(USERS)} {ip()} port {port()} [preauth]",
        lambda: f"pam_unix(sshd:session): session opened for user {R.choice(USERS)}(uid={R.randint(0, 2000)}) by (uid=0)",
        lambda: f"pam_unix(sshd:session): session closed for user {R.choice(USERS)}",
        lambda: f"Received disconnect from {ip()} port {port()}:11: disconnected by user",
        lambda: f"Disconnected from user {R.choice(USERS)} {ip()} port {port()}",
    ],
    "nginx-error": [
        lambda: f"*{R.randint(1, 99999)} connect() failed (111: Connection refused) while connecting to upstream, client: {ip()}, server: {R.choice(HOSTS)}, request: \"{R.choice(METHODS)} {R.choice(PATHS)} HTTP/1.1\", upstream: \"http://{ip()}:{port()}{R.choice(PATHS)}\", host: \"{R.choice(HOSTS)}\"",
        lambda: f"*{R.randint(1, 99999)} upstream timed out (110: Connection timed out) while reading response header from upstream, client: {ip()}, server: {R.choice(HOSTS)}, request: \"{R.choice(METHODS)} {R.choice(PATHS)} HTTP/1.1\", upstream: \"http://{ip()}:{port()}{R.choice(PATHS)}\", host: \"{R.choice(HOSTS)}\"",
        lambda: f"*{R.randint(1, 99999)} open() \"/usr/share/nginx/html{R.choice(PATHS)}\" failed (2: No such file or directory), client: {ip()}, server: {R.choice(HOSTS)}, request: \"GET {R.choice(PATHS)} HTTP/1.1\", host: \"{R.choice(HOSTS)}\"",
        lambda: f"*{R.randint(1, 99999)} client intended to send too large body: {R.randint(1048577, 99999999)} bytes, client: {ip()}, server: {R.choice(HOSTS)}, request: \"POST {R.choice(PATHS)} HTTP/1.1\", host: \"{R.choice(HOSTS)}\"",
        lambda: f"*{R.randint(1, 99999)} no live upstreams while connecting to upstream, client: {ip()}, server: {R.choice(HOSTS)}, request: \"{R.choice(METHODS)} {R.choice(PATHS)} HTTP/1.1\", upstream: \"http://backend{R.choice(PATHS)}\", host: \"{R.choice(HOSTS)}\"",
        lambda: f"signal process started",
        lambda: f"using the \"epoll\" event method",
    ],
    "postgres": [
        lambda: f"connection received: host={ip()} port={port()}",
        lambda: f"connection authorized: user={R.choice(USERS)} database={R.choice(DBS)} application_name={R.choice(['psql', 'pgAdmin', 'api', 'PostgreSQL JDBC Driver'])}",
        lambda: f"duration: {R.uniform(0.01, 9000):.3f} ms",
        lambda: f"checkpoint starting: {R.choice(['time', 'wal', 'immediate force wait'])}",
        lambda: f"checkpoint complete: wrote {R.randint(0, 9999)} buffers ({R.uniform(0, 60):.1f}%); 0 WAL file(s) added, {R.randint(0, 9)} removed, {R.randint(0, 9)} recycled; write={R.uniform(0, 300):.3f} s, sync={R.uniform(0, 2):.3f} s, total={R.uniform(0, 300):.3f} s",
        lambda: f"relation \"{R.choice(TABLES)}\" does not exist at character {R.randint(1, 200)}",
        lambda: f"could not receive data from client: Connection reset by peer",
        lambda: f"automatic vacuum of table \"{R.choice(DBS)}.public.{R.choice(TABLES)}\": index scans: {R.randint(0, 3)}",
        lambda: f"password authentication failed for user \"{R.choice(USERS)}\"",
        lambda: f"terminating connection due to idle-in-transaction timeout",
    ],
    "kubelet": [
        lambda: f"Pulling image \"{R.choice(IMAGES)}\"",
        lambda: f"Successfully pulled image \"{R.choice(IMAGES)}\" in {dur()} ({dur()} including waiting)",
        lambda: f"Created container {R.choice(CONTAINERS)}",
        lambda: f"Started container {R.choice(CONTAINERS)}",
        lambda: f"Back-off restarting failed container {R.choice(CONTAINERS)} in pod {R.choice(CONTAINERS)}-{hexid(10)}-{hexid(5)}_{R.choice(['default', 'prod', 'kube-system'])}({hexid(8)}-{hexid(4)}-{hexid(4)}-{hexid(4)}-{hexid(12)})",
        lambda: f"Liveness probe failed: Get \"http://{ip()}:{port()}/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
        lambda: f"Readiness probe failed: HTTP probe failed with statuscode: {R.choice([500, 502, 503])}",
        lambda: f"Killing container with id containerd://{hexid(64)}:Need to kill Pod",
        lambda: f"MountVolume.SetUp failed for volume \"{R.choice(['config', 'secrets', 'kube-api-access-' + hexid(5), 'data'])}\" : configmap \"{R.choice(CONTAINERS)}-config\" not found",
    ],
    "systemd": [
        lambda: f"{R.choice(UNITS)}: Main process exited, code=exited, status={R.randint(1, 255)}/{R.choice(['FAILURE', 'INVALIDARGUMENT', 'NOTINSTALLED'])}",
        lambda: f"{R.choice(UNITS)}: Failed with result 'exit-code'.",
        lambda: f"{R.choice(UNITS)}: Scheduled restart job, restart counter is at {R.randint(1, 99)}.",
        lambda: f"{R.choice(UNITS)}: Consumed {R.choice([f'{R.uniform(0, 59):.3f}s', f'{R.randint(1, 59)}min {R.uniform(0, 59):.3f}s', f'{R.randint(1, 9)}h {R.randint(1, 59)}min {R.uniform(0, 59):.3f}s'])} CPU time.",
        lambda: f"{R.choice(UNITS)}: Deactivated successfully.",
        lambda: f"Started Session {R.randint(1, 9999)} of User {R.choice(USERS)}.",
        lambda: f"New session {R.randint(1, 9999)} of user {R.choice(USERS)}.",
        lambda: f"Removed session {R.randint(1, 9999)}.",
        lambda: f"{R.choice(UNITS)}: Start request repeated too quickly.",
    ],
    "redis": [
        lambda: f"Background saving started by pid {R.randint(100, 99999)}",
        lambda: "DB saved on disk",
        lambda: f"{R.randint(1, 10000)} changes in {R.choice([60, 300, 900])} seconds. Saving...",
        lambda: f"RDB: {R.randint(0, 900)} MB of memory used by copy-on-write",
        lambda: f"Accepted {ip()}:{port()}",
        lambda: f"Client id={R.randint(1, 99999)} addr={ip()}:{port()} laddr={ip()}:6379 fd={R.randint(5, 999)} name={R.choice(['', 'worker', 'sidekiq'])} age={R.randint(0, 9999)} idle={R.randint(0, 99)} closed for overcoming of output buffer limits.",
        lambda: f"Synchronization with replica {ip()}:{port()} succeeded",
        lambda: f"MASTER <-> REPLICA sync: Finished with success",
        lambda: f"Connecting to MASTER {ip()}:6379",
    ],
    "mysql": [
        lambda: f"Aborted connection {R.randint(1, 999999)} to db: '{R.choice(DBS)}' user: '{R.choice(USERS)}' host: '{R.choice(HOSTS + [ip()])}' (Got an error reading communication packets)",
        lambda: f"Access denied for user '{R.choice(USERS)}'@'{R.choice(HOSTS + [ip()])}' (using password: {R.choice(['YES', 'NO'])})",
        lambda: f"InnoDB: Buffer pool(s) load completed at {R.randint(20, 26)}{R.randint(1, 12):02d}{R.randint(1, 28):02d} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}",
        lambda: f"Slave I/O thread: Failed reading log event, reconnecting to retry, log 'mysql-bin.{R.randint(1, 999999):06d}' at position {R.randint(4, 99999999)}",
        lambda: f"Table '{R.choice(DBS)}.{R.choice(TABLES)}' doesn't exist",
        lambda: f"Got timeout reading communication packets",
        lambda: f"Too many connections",
    ],
    "kafka": [
        lambda: f"[Partition {R.choice(TOPICS)}-{R.randint(0, 11)} broker={R.randint(0, 5)}] Shrinking ISR from {','.join(str(x) for x in R.sample(range(6), R.randint(2, 4)))} to {','.join(str(x) for x in R.sample(range(6), R.randint(1, 2)))}. Leader: (highWatermark: {R.randint(0, 10**7)}, endOffset: {R.randint(0, 10**7)}). Out of sync replicas: (brokerId: {R.randint(0, 5)}, endOffset: {R.randint(0, 10**7)}).",
        lambda: f"[GroupCoordinator {R.randint(0, 5)}]: Preparing to rebalance group {R.choice(['billing', 'search-indexer', 'email_sender', 'analytics.etl'])} in state PreparingRebalance with old generation {R.randint(0, 999)} (__consumer_offsets-{R.randint(0, 49)}) (reason: Adding new member {R.choice(['consumer', 'rdkafka'])}-{hexid(8)}-{hexid(4)}-{hexid(4)}-{hexid(4)}-{hexid(12)} with group instance id None)",
        lambda: f"[GroupCoordinator {R.randint(0, 5)}]: Stabilized group {R.choice(['billing', 'search-indexer', 'email_sender', 'analytics.etl'])} generation {R.randint(0, 999)} (__consumer_offsets-{R.randint(0, 49)}) with {R.randint(1, 12)} members",
        lambda: f"[Log partition={R.choice(TOPICS)}-{R.randint(0, 11)}, dir=/var/lib/kafka/data] Deleting segment files LogSegment(baseOffset={R.randint(0, 10**8)}, size={R.randint(0, 10**9)}, lastModifiedTime={R.randint(10**12, 2 * 10**12)}, largestRecordTimestamp=Some({R.randint(10**12, 2 * 10**12)}))",
        lambda: f"[Controller id={R.randint(0, 5)}] Processing automatic preferred replica leader election",
        lambda: f"[ReplicaFetcher replicaId={R.randint(0, 5)}, leaderId={R.randint(0, 5)}, fetcherId=0] Error sending fetch request (sessionId={R.randint(10**8, 2 * 10**9)}, epoch={R.randint(1, 9999)}) to node {R.randint(0, 5)}:",
    ],
    "haproxy": [
        lambda: f"Server {R.choice(['web', 'api', 'static'])}_back/{R.choice(['web1', 'web2', 'api-a', 'api-b', 'srv' + str(R.randint(1, 9))])} is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: {R.randint(0, 999)}ms. {R.randint(0, 5)} active and 0 backup servers left. {R.randint(0, 99)} sessions active, 0 requeued, 0 remaining in queue.",
        lambda: f"Server {R.choice(['web', 'api', 'static'])}_back/{R.choice(['web1', 'web2', 'api-a', 'api-b', 'srv' + str(R.randint(1, 9))])} is UP, reason: Layer7 check passed, code: 200, check duration: {R.randint(0, 999)}ms. {R.randint(1, 5)} active and 0 backup servers online. 0 sessions requeued, 0 total in queue.",
        lambda: f"Proxy {R.choice(['http-in', 'stats', 'api_front'])} started.",
        lambda: f"Stopping frontend {R.choice(['http-in', 'stats', 'api_front'])} in {R.randint(0, 9)} ms.",
        lambda: f"backend {R.choice(['web', 'api', 'static'])}_back has no server available!",
    ],
    "restic": [
        lambda: f"Files:        {R.randint(0, 9999)} new,     {R.randint(0, 9999)} changed, {R.randint(0, 99999)} unmodified",
        lambda: f"Dirs:         {R.randint(0, 999)} new,     {R.randint(0, 999)} changed, {R.randint(0, 9999)} unmodified",
        lambda: f"Added to the repository: {isize()} ({isize()} stored)",
        lambda: f"processed {R.randint(1, 99999)} files, {isize()} in {R.randint(0, 59)}:{R.randint(0, 59):02d}",
        lambda: f"snapshot {hexid(8)} saved",
        lambda: f"rsync: sent {size()} received {size()} {R.uniform(1, 9999):.2f} bytes/sec",
    ],
    "spring": [
        lambda: f"Started {R.choice(['OrderApplication', 'BillingService', 'GatewayApp', 'UserApi'])} in {R.uniform(1, 60):.3f} seconds (process running for {R.uniform(1, 70):.3f})",
        lambda: f"Tomcat started on port {R.choice([8080, 8081, 9000])} (http) with context path '{R.choice(['', '/api', '/orders'])}'",
        lambda: f"HikariPool-{R.randint(1, 3)} - Connection is not available, request timed out after {R.randint(1000, 60000)}ms (total={R.randint(1, 20)}, active={R.randint(1, 20)}, idle=0, waiting={R.randint(0, 99)})",
        lambda: f"Completed initialization in {R.randint(1, 999)} ms",
        lambda: f"Resolved [org.springframework.web.HttpRequestMethodNotSupportedException: Request method '{R.choice(METHODS)}' is not supported]",
        lambda: f"Request {rid()} to {R.choice(PATHS)} took {dur()} and returned {R.choice([200, 201, 204])}",
        lambda: f"Cache {R.choice(['users', 'products', 'sessions', 'rates'])} evicted {R.randint(0, 9999)} entries ({size()})",
    ],
    "dhclient": [
        lambda: f"DHCPREQUEST for {ip()} on {R.choice(IFACES)} to {ip()} port 67",
        lambda: f"DHCPACK of {ip()} from {ip()}",
        lambda: f"bound to {ip()} -- renewal in {R.randint(60, 86400)} seconds.",
        lambda: f"DHCPDISCOVER on {R.choice(IFACES)} to 255.255.255.255 port 67 interval {R.randint(3, 20)}",
        lambda: f"No DHCPOFFERS received.",
        lambda: f"{R.choice(IFACES)}: link becomes ready",
    ],
    "etcd": [
        lambda: f"apply request took too long took={dur()} expected-duration=100ms prefix=\"read-only range \" request=\"key:\\\"/registry/{R.choice(['pods', 'leases', 'events', 'services/endpoints'])}/{R.choice(['default', 'kube-system'])}/{R.choice(CONTAINERS)}\\\" \" response=\"range_response_count:{R.randint(0, 9)} size:{R.randint(0, 9999)}\"",
        lambda: f"slow fdatasync took={dur()} expected-duration=1s",
        lambda: f"request_id={rid()} trace_id={hexid(32)} lease {rid()} expired",
        lambda: f"compacted revision {R.randint(10**5, 10**8)} took {dur()}",
        lambda: f"failed to send out heartbeat on time (exceeded the 100ms timeout for {dur()}, to {hexid(16)})",
    ],
}


def main():
    for name, templates in SYSTEMS.items():
        lines = []
        for _ in range(R.randint(140, 220)):
            k = R.randrange(len(templates))
            msg = templates[k]()
            assert "\t" not in msg and "\n" not in msg
            lines.append(f"E{k + 1}\t{msg}")
        with open(f"{name}.tsv", "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
