using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>
/// The built-in catalogue of known failure signatures. Priorities: the more specific a signature, the higher
/// (Kubernetes states and resource exhaustion above the network and HTTP families, the generic timeout last).
/// </summary>
internal static class DefaultRules
{
    private static readonly MatchTerm[] HttpStatusContext =
        ["status", "http/", "http ", "http error", "response", "returned", "responded", "code:", "code=", "code ", "upstream"];

    private const int CodeWindow = 40;

    public static IReadOnlyList<InsightRule> Create() =>
    [
        new()
        {
            Id = "k8s-oomkilled",
            Priority = 96,
            Category = CauseCategory.ResourceExhaustion,
            Confidence = 0.9,
            Text =
            [
                new(["oomkilled", "oom-killed", "oom_kill", "oom-kill", "memory cgroup out of memory", "out of memory: killed process"]),
                new([MatchTerm.Word("137")], ["exit code", "exitcode", "exit_code", "exited with code", "exit status"], CodeWindow),
            ],
            ProbableCause = "The container was most likely killed by the kernel's OOM killer (OOMKilled, exit code 137): its memory use reached the container's memory limit.",
            SuggestedInvestigation =
            [
                "Compare the container's memory limit with its working set before the kill (kubectl describe pod, container memory metrics).",
                "Check whether memory grew steadily (a leak) or spiked with load or a specific request.",
                "For managed runtimes, check that the heap limit fits inside the container limit (-Xmx or MaxRAMPercentage, DOTNET_GCHeapHardLimit, --max-old-space-size).",
            ],
            Mitigation =
            [
                "Raise the memory limit if the workload legitimately needs it, keeping the runtime heap limit below it.",
                "Fix the leak or bound the cache or batch that grows; alert on memory close to the limit.",
            ],
            Needs = ContextNeed.ContainerState | ContextNeed.ResourceMetrics | ContextNeed.Instance | ContextNeed.RecentChanges,
            MetricsHint = "the container's memory working set against its limit",
        },
        new()
        {
            Id = "k8s-crashloopbackoff",
            Priority = 94,
            Category = CauseCategory.CrashLoop,
            Symptom = true,
            Confidence = 0.85,
            Text = [new(["crashloopbackoff", "back-off restarting failed container"])],
            ProbableCause = "A container keeps exiting shortly after it starts and Kubernetes is backing off its restarts (CrashLoopBackOff); the failure itself is in the previous container's output, not in this message.",
            SuggestedInvestigation =
            [
                "Read the previous container's logs (kubectl logs --previous) and its last state and exit code (kubectl describe pod).",
                "Check start-up dependencies: configuration and secrets, reachable databases, liveness probes that fail during a slow start.",
                "Compare with the last rollout: image tag, environment, resource limits.",
            ],
            Mitigation =
            [
                "Roll back to the last working revision if the loop started with a rollout.",
                "Fix the start-up failure; give slow starts a startupProbe instead of a failing liveness probe.",
            ],
            Needs = ContextNeed.ContainerState | ContextNeed.Configuration | ContextNeed.RecentChanges | ContextNeed.Versions,
            ConfigurationHint = "the pod spec (command, environment, probes, resource limits)",
        },
        new()
        {
            Id = "k8s-imagepullbackoff",
            Priority = 93,
            Category = CauseCategory.Configuration,
            Confidence = 0.9,
            Text =
            [
                new(["imagepullbackoff", "errimagepull", "failed to pull image", "pull access denied", "manifest unknown", "repository does not exist or may require"]),
            ],
            ProbableCause = "Kubernetes cannot pull the container image (ImagePullBackOff / ErrImagePull): the image name or tag does not exist, the registry refuses the credentials, or the node cannot reach the registry.",
            SuggestedInvestigation =
            [
                "Check the exact image reference (registry, repository, tag or digest) in the pod spec against the registry.",
                "Read the pull error in the pod events (kubectl describe pod) and check the imagePullSecrets.",
                "Check that the node reaches the registry (DNS, proxy) and whether a public registry's pull rate limit applies.",
            ],
            Mitigation =
            [
                "Correct the image reference or publish the missing tag.",
                "Provide or renew the pull secret; mirror images from rate-limited public registries.",
            ],
            Needs = ContextNeed.ContainerState | ContextNeed.Configuration | ContextNeed.RecentChanges,
            ConfigurationHint = "the image reference and imagePullSecrets of the pod spec",
        },
        new()
        {
            Id = "out-of-memory",
            Priority = 90,
            Category = CauseCategory.ResourceExhaustion,
            Confidence = 0.9,
            ExceptionTypes = ["outofmemoryerror", "outofmemoryexception", "insufficientmemoryexception", MatchTerm.Word("memoryerror")],
            Text =
            [
                new(["out of memory", "java heap space", "gc overhead limit exceeded", "cannot allocate memory", MatchTerm.Word("enomem"), "heap out of memory", "unable to create new native thread", "insufficient memory", "memory allocation failed"]),
            ],
            ProbableCause = "The process ran out of memory{exception}: an allocation failed because the heap or native memory limit was reached, typically through a leak, an unbounded cache or batch, or a limit set too low for the load.",
            SuggestedInvestigation =
            [
                "Capture a heap dump or memory profile at the next occurrence (-XX:+HeapDumpOnOutOfMemoryError, dotnet-gcdump, --heapsnapshot-near-heap-limit).",
                "Plot memory use before the first occurrence: steady growth points to a leak, a sudden step to a specific request or batch.",
                "Check the configured heap limit against the memory of the container or host.",
            ],
            Mitigation =
            [
                "Restart the affected instances to restore service, then fix the growth (bound caches, stream large payloads, page queries).",
                "Raise the heap or container limit only if the working set legitimately needs it.",
            ],
            Needs = ContextNeed.ResourceMetrics | ContextNeed.Configuration | ContextNeed.Instance | ContextNeed.Versions | ContextNeed.RecentChanges,
            MetricsHint = "heap and process memory (used, committed, limit) and GC activity",
            ConfigurationHint = "the heap and container memory limits",
        },
        new()
        {
            Id = "db-pool-exhausted",
            Priority = 89,
            Category = CauseCategory.ResourceExhaustion,
            Symptom = true,
            Confidence = 0.85,
            ExceptionTypes = ["sqltransientconnectionexception", "poolexhaustedexception", "connectionpooltimeoutexception"],
            Text =
            [
                new(["connection is not available, request timed out", "obtaining a connection from the pool", "max pool size was reached", "connection pool exhausted", "pool exhausted", "queuepool limit", "too many connections", "too many clients already", "remaining connection slots are reserved", "timeout waiting for idle object", "could not get a resource from the pool", "the pool is probably full", "timeout acquiring a connection", "timed out waiting for connection from pool", "unable to acquire connection", "connection pool is full"]),
            ],
            Excludes = ["thread pool", "threadpool"],
            ProbableCause = "Callers waited too long for a database connection{exception}: the connection pool or the server's connection limit is exhausted, because connections are held too long (slow queries, leaks) or demand exceeds the pool size.",
            SuggestedInvestigation =
            [
                "Check pool metrics around the first occurrence: active, idle and pending connections and wait time.",
                "Look for slow queries or long transactions holding connections, and for connections never returned (enable leak detection).",
                "Compare the sum of pool sizes over all instances with the database's connection limit (max_connections).",
            ],
            Mitigation =
            [
                "Fix leaks (dispose or close every connection) and slow queries first, then size the pool to the database's capacity.",
                "Bound concurrency in front of the database (queue, bulkhead) rather than growing the pool indefinitely.",
            ],
            Needs = ContextNeed.ResourceMetrics | ContextNeed.Configuration | ContextNeed.Statement | ContextNeed.Instance,
            MetricsHint = "connection pool usage (active, idle, pending) and the database's connection count",
            ConfigurationHint = "the pool size, the connection timeout and the database's connection limit",
        },
        new()
        {
            Id = "disk-full",
            Priority = 88,
            Category = CauseCategory.ResourceExhaustion,
            Confidence = 0.9,
            Text =
            [
                new(["no space left on device", MatchTerm.Word("enospc"), "disk full", "disk is full", "not enough space on the disk", "insufficient disk space", "disk quota exceeded", MatchTerm.Word("edquot"), "low disk space", "out of disk space", "no space left", "disk space is low", "filesystem is full", "file system is full", "database or disk is full", "could not extend file", "disk watermark"]),
            ],
            ProbableCause = "A write failed because the filesystem is out of space or over its quota{exception}: logs, temporary files, data or caches filled the volume.",
            SuggestedInvestigation =
            [
                "Check the affected volume's usage (df -h, and df -i for inodes) and what grew (du), including deleted files still held open (lsof +L1).",
                "Check log rotation, temporary-file cleanup and the retention of data and backups.",
                "Plot disk usage over time to see whether the volume filled gradually or suddenly.",
            ],
            Mitigation =
            [
                "Free space safely (rotate and compress logs, remove temporary files), then restart the writers that failed.",
                "Add retention and disk-usage alerts; enlarge the volume if the growth is legitimate.",
            ],
            Needs = ContextNeed.ResourceMetrics | ContextNeed.Configuration | ContextNeed.Instance,
            MetricsHint = "disk and inode usage of the affected volume over time",
            ConfigurationHint = "log rotation and data retention settings",
        },
        new()
        {
            Id = "thread-pool-starvation",
            Priority = 87,
            Category = CauseCategory.ResourceExhaustion,
            Symptom = true,
            Confidence = 0.8,
            ExceptionTypes = ["rejectedexecutionexception"],
            Text =
            [
                new(["thread pool starvation", "threadpool starvation", "thread starvation", "starvation", "heartbeat took longer", "not enough free threads", "thread pool is exhausted", "threadpool is exhausted", "threads are currently busy", "all threads are busy", "has been blocked for", "blockedthreadchecker", "thread pool queue is full"]),
            ],
            ProbableCause = "The worker thread pool is saturated{exception}: work is queued or rejected because threads are blocked, typically by synchronous waits on I/O (sync-over-async, blocking calls on event loops) or a burst beyond the pool's capacity.",
            SuggestedInvestigation =
            [
                "At the next occurrence take a thread dump (jstack, dotnet-stack) and thread-pool counters (queue length, thread count) and see what the busy threads wait on.",
                "Look for blocking calls on request or event-loop threads (.Result, .Wait(), synchronous I/O, long locks).",
                "Check whether it coincides with a slow dependency that holds threads.",
            ],
            Mitigation =
            [
                "Remove blocking waits from hot paths (asynchronous all the way) and move unavoidable blocking work to a dedicated pool.",
                "Bound incoming concurrency; raising the pool's minimum threads is only a stopgap.",
            ],
            Needs = ContextNeed.ResourceMetrics | ContextNeed.Configuration | ContextNeed.Instance | ContextNeed.Versions,
            MetricsHint = "thread-pool queue length, thread count and CPU",
            ConfigurationHint = "thread-pool sizes and server thread limits",
        },
        new()
        {
            Id = "deadlock",
            Priority = 86,
            Category = CauseCategory.Concurrency,
            Confidence = 0.85,
            ExceptionTypes = ["deadlockloserdataaccessexception", "cannotacquirelockexception", "pessimisticlockingfailureexception", "lockacquisitionexception", "locktimeoutexception"],
            Text =
            [
                new(["deadlock", "lock wait timeout exceeded", "lock timeout", "could not obtain lock", "lock request time out period exceeded", "could not serialize access", "try restarting transaction", "canceling statement due to lock timeout", "failed to acquire lock", "unable to acquire lock", "timeout acquiring lock"]),
            ],
            ProbableCause = "Concurrent transactions or threads are blocking each other{exception}: a deadlock was broken by aborting one side, or a lock was held longer than the lock timeout, typically through inconsistent lock ordering or long transactions.",
            SuggestedInvestigation =
            [
                "Get the deadlock report (SHOW ENGINE INNODB STATUS, the SQL Server deadlock graph, PostgreSQL with log_lock_waits) or a thread dump for in-process locks.",
                "Identify the statements or code paths involved and the order in which they take their locks.",
                "Check transaction durations and whether the rate rises with concurrency.",
            ],
            Mitigation =
            [
                "Retry the aborted transaction with backoff when it is safe to repeat.",
                "Take locks in a consistent order, keep transactions short, and add the index that avoids range locks.",
            ],
            Needs = ContextNeed.Statement | ContextNeed.Configuration | ContextNeed.TraceId,
            ConfigurationHint = "the isolation level and the lock timeout",
        },
        new()
        {
            Id = "tls-certificate",
            Priority = 86,
            Category = CauseCategory.TlsCertificate,
            Confidence = 0.85,
            ExceptionTypes = ["sslhandshakeexception", "sslpeerunverifiedexception", "certificateexception", "certificateexpiredexception", "certpathvalidatorexception", "certpathbuilderexception", "sslcertverificationerror", MatchTerm.Word("sslerror")],
            Text =
            [
                new(["certificate verify failed", "ssl handshake", "tls handshake", "handshake failure", "handshake_failure", "x509:", "certificate has expired", "certificate expired", "self signed certificate", "self-signed certificate", "unable to verify the first certificate", "unable to get local issuer certificate", "pkix path building failed", "remote certificate is invalid", "ssl connection could not be established", "certificate signed by unknown authority", MatchTerm.Word("unknown ca"), "wrong version number", "err_tls_cert", "cert_has_expired", "depth_zero_self_signed_cert", "ssl routines", "certificate_verify_failed", "hostname mismatch", "subject alternative name"]),
            ],
            TargetNoun = "the remote endpoint",
            ProbableCause = "A TLS connection to {target} failed during the handshake{exception}: the certificate is expired, self-signed or issued by an authority the client does not trust, its name does not match the host, or the two sides share no protocol version.",
            SuggestedInvestigation =
            [
                "Inspect the certificate the endpoint serves (openssl s_client -connect host:port -servername host -showcerts): expiry, issuer chain, subject alternative names.",
                "Check the client's trust store (container CA bundle, JVM cacerts) and whether a proxy intercepts TLS.",
                "Check whether a certificate was rotated or a CA bundle changed around the first occurrence.",
            ],
            Mitigation =
            [
                "Renew or reissue the certificate with the full chain and the correct names.",
                "Add the issuing CA to the client's trust store; do not disable certificate validation.",
            ],
            Needs = ContextNeed.RemoteEndpoint | ContextNeed.Configuration | ContextNeed.RecentChanges | ContextNeed.Versions,
            ConfigurationHint = "the trust store or CA bundle and the TLS settings of both sides",
        },
        new()
        {
            Id = "dns-failure",
            Priority = 85,
            Category = CauseCategory.DependencyUnreachable,
            Confidence = 0.85,
            ExceptionTypes = ["unknownhostexception", MatchTerm.Word("gaierror"), "nameresolutionerror"],
            Text =
            [
                new(["name or service not known", "nodename nor servname provided", "temporary failure in name resolution", "getaddrinfo", MatchTerm.Word("enotfound"), MatchTerm.Word("eai_again"), "no such host", "could not resolve host", "unable to resolve host", "name resolution", "dns resolution", "dns lookup", "nxdomain", "server misbehaving", "unknown host"]),
            ],
            TargetNoun = "the remote host",
            ProbableCause = "Name resolution failed for {target}{exception}: the name is wrong or not registered, or the DNS server was unreachable or timed out (a temporary failure).",
            SuggestedInvestigation =
            [
                "Resolve the exact name from the affected host or pod (nslookup, dig, getent hosts) and compare with a working environment.",
                "Tell a permanent failure (NXDOMAIN: wrong or missing name) from a temporary one (DNS server or network timeouts).",
                "Check the resolver configuration (resolv.conf, search domains, Kubernetes ndots, CoreDNS health).",
            ],
            Mitigation =
            [
                "Fix the host name in configuration or register the missing record.",
                "For temporary failures, stabilize the resolver (DNS capacity, node-local cache) and retry with backoff.",
            ],
            Needs = ContextNeed.RemoteEndpoint | ContextNeed.Configuration | ContextNeed.Instance | ContextNeed.RecentChanges,
            ConfigurationHint = "the configured host names and the resolver settings",
        },
        new()
        {
            Id = "rate-limited",
            Priority = 82,
            Category = CauseCategory.RateLimited,
            Confidence = 0.85,
            ExceptionTypes = ["toomanyrequestsexception", "throttlingexception", "ratelimitexception", "ratelimiterror", "ratelimitrejectedexception", "provisionedthroughputexceededexception", "requestlimitexceeded"],
            Text =
            [
                new(["too many requests", "rate limit", "rate-limit", "ratelimit", "rate exceeded", "throttl", "quota exceeded", "request limit exceeded", "slow down", "resource_exhausted"]),
                new([MatchTerm.Word("429")], HttpStatusContext, CodeWindow),
            ],
            Excludes = ["disk quota exceeded"],
            TargetNoun = "the remote service",
            ProbableCause = "Requests to {target} are being rejected because a rate limit or quota was exceeded, signalled by HTTP 429 or throttling{exception}: this client sends more than its allowance, or shares the allowance with other clients.",
            SuggestedInvestigation =
            [
                "Measure the request rate against the documented limit, and count the instances that share the same key or account.",
                "Read the provider's Retry-After and rate-limit headers (limit, remaining, reset) on the rejected responses.",
                "Look for retry storms: retries without backoff multiply the rate after the first rejection.",
            ],
            Mitigation =
            [
                "Honour Retry-After and retry with exponential backoff and jitter; cap the concurrency toward the provider.",
                "Cache or batch requests; request a higher quota if the demand is legitimate.",
            ],
            Needs = ContextNeed.UpstreamResponse | ContextNeed.Identity | ContextNeed.ResourceMetrics | ContextNeed.Configuration,
            MetricsHint = "the outgoing request rate per instance",
            ConfigurationHint = "the applicable rate limit or quota and the client's retry policy",
        },
        new()
        {
            Id = "db-constraint",
            Priority = 81,
            Category = CauseCategory.DataError,
            Confidence = 0.85,
            ExceptionTypes = ["dataintegrityviolationexception", "constraintviolationexception", "integrityconstraintviolation", "duplicatekeyexception", MatchTerm.Word("integrityerror"), "uniqueviolation", "foreignkeyviolation", "notnullviolation", "uniqueconstrainterror", "foreignkeyconstrainterror"],
            Text =
            [
                new(["violates unique constraint", "violates foreign key constraint", "violates not-null constraint", "violates check constraint", "duplicate key", "duplicate entry", "unique constraint failed", "foreign key constraint fails", "foreign key constraint failed", "cannot insert duplicate key", "cannot insert the value null", "integrity constraint violation", "not null constraint failed", MatchTerm.Word("e11000"), "ora-00001", "ora-02291", "ora-01400"]),
                new([MatchTerm.Word("23505"), MatchTerm.Word("23503"), MatchTerm.Word("23502")], ["sqlstate", "state", "code"], CodeWindow),
            ],
            ProbableCause = "The database rejected a write that breaks a constraint{exception}: a duplicate of a unique key (often a retried or concurrent insert), a reference to a missing parent row, or a missing required value.",
            SuggestedInvestigation =
            [
                "Read the constraint and table named in the error and find the statement that wrote them.",
                "For duplicates, look for concurrent or retried inserts of the same key (double submits, at-least-once message delivery).",
                "For foreign keys, check the order of writes and any deletion of parent rows.",
            ],
            Mitigation =
            [
                "Make the write idempotent (upsert or insert-if-absent, idempotency keys), or treat a true duplicate as success.",
                "Validate references and required values before writing and return a clear client error.",
            ],
            Needs = ContextNeed.Statement | ContextNeed.TraceId | ContextNeed.Payload,
        },
        new()
        {
            Id = "forbidden",
            Priority = 80,
            Category = CauseCategory.Auth,
            Confidence = 0.8,
            ExceptionTypes = ["forbiddenexception", "accessdeniedexception", "authorizationexception", "insufficientscopeexception"],
            Text =
            [
                new(["forbidden", "access denied", "not authorized to perform", "is not authorized", "insufficient permissions", "insufficient privileges", "insufficient scope", "permission denied for", "authorization failed", "authorizationfailed", "does not have permission", "missing permission"]),
                new([MatchTerm.Word("403")], HttpStatusContext, CodeWindow),
            ],
            Excludes = ["java.nio.file.accessdeniedexception", "access denied for user"],
            TargetNoun = "the resource",
            ProbableCause = "The caller was refused permission for the operation on {target}, signalled by HTTP 403 or an equivalent error{exception}: its roles, scopes, policies or grants do not cover it.",
            SuggestedInvestigation =
            [
                "Identify the principal (user, service account, role) and the exact action and resource that were refused.",
                "Compare its roles, scopes or policies with what the operation requires, and check recent permission or policy changes.",
                "Check that the request targeted the intended environment, tenant or account.",
            ],
            Mitigation =
            [
                "Grant the least privilege that covers the operation to the principal that needs it.",
                "If the access is not meant to be allowed, handle the refusal explicitly and stop retrying it.",
            ],
            Needs = ContextNeed.Identity | ContextNeed.UpstreamResponse | ContextNeed.RecentChanges | ContextNeed.TraceId,
        },
        new()
        {
            Id = "unauthorized",
            Priority = 79,
            Category = CauseCategory.Auth,
            Confidence = 0.8,
            ExceptionTypes = ["badcredentialsexception", "authenticationexception", "authenticationfailedexception", "invalidcredentialsexception", "unauthorizedexception", "expiredjwtexception", "securitytokenexpiredexception", "securitytokeninvalid", "tokenexpirederror", "jsonwebtokenerror", "notauthorizedexception", "invalidtokenexception"],
            Text =
            [
                new(["unauthorized", "unauthenticated", "authentication failed", "authentication failure", "authentication required", "invalid credentials", "bad credentials", "invalid token", "token expired", "token is expired", "jwt expired", "expired token", "invalid_grant", "invalid_client", "invalid_token", "invalid api key", "incorrect api key", "password authentication failed", "login failed for user", "access denied for user", "permission denied (publickey", "not authenticated", "lifetime validation failed", "signature validation failed"]),
                new([MatchTerm.Word("401")], HttpStatusContext, CodeWindow),
            ],
            Excludes = ["unauthorizedaccessexception"],
            TargetNoun = "the service",
            ProbableCause = "Requests to {target} failed authentication, signalled by HTTP 401 or an equivalent error{exception}: the credentials or token presented are missing, expired, revoked or meant for another audience or environment.",
            SuggestedInvestigation =
            [
                "Identify which credential is used (client id, service account, key name, never its value) and check that it is valid, unexpired and meant for this environment.",
                "Check token lifetimes and clock skew between issuer and service; compare the token's exp, aud and iss claims with what the service expects.",
                "Check whether a secret or key was rotated around the first occurrence without this client being updated.",
            ],
            Mitigation =
            [
                "Re-issue or rotate the credential and update the client's secret store; refresh tokens before they expire.",
                "Alert on authentication failures so expiring credentials are caught before users notice.",
            ],
            Needs = ContextNeed.Identity | ContextNeed.UpstreamResponse | ContextNeed.Configuration | ContextNeed.RecentChanges | ContextNeed.TraceId,
            ConfigurationHint = "the credential source and the expected audience and issuer",
        },
        new()
        {
            Id = "user-login-failure",
            Priority = 81,
            Category = CauseCategory.Auth,
            Confidence = 0.75,
            Text =
            [
                new(["login failed for user", "failed password for", "invalid user", "failed login", "login failure", "authentication failure for user", "failed to authenticate user", "login attempt failed"], [" from ", "rhost=", "client:", "client_ip", "remote_addr", "src="]),
            ],
            TargetNoun = "the service",
            ProbableCause = "Sign-in attempts for user accounts failed, from the client addresses in the records{exception}: a person or script presenting a wrong password or an unknown user name. Repeated failures for privileged or many accounts from few addresses suggest password guessing (brute force or credential stuffing), not a service credential to rotate.",
            SuggestedInvestigation =
            [
                "Count failures per source address and per account name over time: many accounts or a steady rate from a few addresses is guessing; one account now and then is a user.",
                "Check whether any attempt from the same addresses succeeded afterwards (a compromised account).",
                "Check whether the addresses are your own (office, VPN, monitoring) or unknown.",
            ],
            Mitigation =
            [
                "Block or rate-limit the offending addresses (firewall, fail2ban, WAF) and lock or challenge the targeted accounts.",
                "Disable direct sign-in for privileged accounts such as admin or root from the internet; require MFA or keys.",
            ],
            Needs = ContextNeed.TraceId | ContextNeed.RecentChanges,
        },
        new()
        {
            Id = "api-misuse",
            Priority = 84,
            Category = CauseCategory.CodeDefect,
            Confidence = 0.75,
            ExceptionTypes = ["smtpserverdisconnected", "illegalstateexception", "objectdisposedexception", "illegalmonitorstateexception", "concurrentmodificationexception"],
            Text =
            [
                new(["please run connect() first", "cannot access a disposed object", "use of closed network connection", "must be called before", "has not been initialized", "not been initialized", "was not initialized", "already been disposed", "cursor already closed", "operation on closed", "i/o operation on closed file", "not connected to the server", "called on a closed", "is not in a valid state"]),
            ],
            ProbableCause = "The code used an object in a state that does not allow the call{exception}: it called an operation before connecting or initializing, after closing or disposing, or from the wrong state. This is a usage defect in the calling code, not a slow or unreachable dependency.",
            SuggestedInvestigation =
            [
                "Open the top application frame and follow the object's life cycle: where it is created, connected or initialized, and closed or disposed.",
                "Check whether a connection or client is shared between threads or reused after an earlier error closed it.",
                "Check whether an earlier failure (a connect that failed, an exception swallowed) left the object unconnected.",
            ],
            Mitigation =
            [
                "Connect or initialize before use and create a fresh client after a failure instead of reusing a closed one.",
                "Add a test that exercises the failing call order.",
            ],
            Needs = ContextNeed.StackTrace | ContextNeed.Versions | ContextNeed.RecentChanges,
        },
        new()
        {
            Id = "config-missing",
            Priority = 77,
            Category = CauseCategory.Configuration,
            Confidence = 0.75,
            ExceptionTypes = ["configurationexception", "configurationerrorsexception", "optionsvalidationexception", "improperlyconfigured", "invalidconfigurationexception", "configexception"],
            Text =
            [
                new(["could not resolve placeholder", "no connection string", "os.environ[", "is not configured", "missing configuration", "configuration missing", "missing required configuration", "missing environment variable", "config file not found", "required environment variable", "environment variable is not set", "env var not set", "missing required setting", "missing required option", "invalid configuration"]),
                new(
                    ["environment variable", "env var", "connection string", "connectionstring", "configuration", "config key", "config value", "setting", "option"],
                    ["missing", "not set", "not found", "not configured", "not defined", "undefined", "is required", "required", "is empty", "no value", "cannot be null", "must be set", "must be provided", "not provided", "not been initialized", "not initialized"]),
            ],
            ProbableCause = "A required configuration value is missing or invalid{exception}: a setting, environment variable, secret or connection string the code reads was not provided in this environment.",
            SuggestedInvestigation =
            [
                "Identify the key named in the record and where it should come from in this environment (settings file, environment variable, secret store, config map).",
                "Compare this environment's configuration with a working one, including secret mounts and variable naming (for example __ versus : separators).",
                "Check whether a deployment renamed or removed the setting.",
            ],
            Mitigation =
            [
                "Provide the missing value through the environment's configuration source and restart.",
                "Validate required configuration at start-up so the service fails fast with a clear message.",
            ],
            Needs = ContextNeed.Configuration | ContextNeed.RecentChanges | ContextNeed.Instance | ContextNeed.Versions,
            ConfigurationHint = "the configuration sources of this environment (files, environment variables, secret store)",
        },
        new()
        {
            Id = "missing-dependency",
            Priority = 76,
            Category = CauseCategory.Configuration,
            Confidence = 0.85,
            ExceptionTypes = ["classnotfoundexception", "noclassdeffounderror", "modulenotfounderror", MatchTerm.Word("importerror"), "fileloadexception", "typeloadexception", "missingmethodexception", "nosuchmethoderror", "nosuchfielderror", "unsatisfiedlinkerror", "dllnotfoundexception"],
            Text = [new(["cannot find module", "could not load file or assembly", "could not load type", "no module named", "module not found", "undefined symbol"])],
            ProbableCause = "Code or a library the application needs could not be loaded at run time{exception}: a dependency is missing from the deployment, or components were built against different versions of it.",
            SuggestedInvestigation =
            [
                "Compare the version of the named library in the build output or image with the one the code was compiled against (dependency tree, lock file).",
                "Check whether the failure started with a deployment or a dependency upgrade.",
                "Look for two versions of the same library on the class path, module path or probing path.",
            ],
            Mitigation =
            [
                "Redeploy with a consistent dependency set (restore from the lock file, rebuild the image).",
                "Pin or align the conflicting versions.",
            ],
            Needs = ContextNeed.Versions | ContextNeed.RecentChanges | ContextNeed.Instance,
        },
        new()
        {
            Id = "permission-denied",
            Priority = 74,
            Category = CauseCategory.Configuration,
            Confidence = 0.85,
            ExceptionTypes = ["unauthorizedaccessexception", "permissionerror", "java.nio.file.accessdeniedexception"],
            Text =
            [
                new(["permission denied", MatchTerm.Word("eacces"), MatchTerm.Word("eperm"), "operation not permitted", "access to the path", "read-only file system", MatchTerm.Word("erofs"), "access is denied"]),
            ],
            Excludes = ["permission denied for", "permission denied (publickey"],
            ProbableCause = "The process was refused access to a file, directory or device{exception}: the account it runs as lacks the permission, or the filesystem is read-only.",
            SuggestedInvestigation =
            [
                "Identify the exact path and operation (read, write, create) from the record and the user and group the process runs as.",
                "Compare the path's ownership and mode (ls -l, icacls) and any security policy (SELinux, AppArmor, container securityContext, read-only root filesystem).",
                "Check whether a deployment changed the user, the volume mounts or the umask.",
            ],
            Mitigation =
            [
                "Grant the minimum permission needed to the service account, or mount the volume writable.",
                "Write to a directory the service owns (a dedicated data or temporary volume).",
            ],
            Needs = ContextNeed.Configuration | ContextNeed.Instance | ContextNeed.RecentChanges,
            ConfigurationHint = "the service account, the volume mounts and the file ownership",
        },
        new()
        {
            Id = "connection-refused",
            Priority = 73,
            Category = CauseCategory.DependencyUnreachable,
            Confidence = 0.85,
            ExceptionTypes = ["connectionrefusederror", "noroutetohostexception"],
            Text =
            [
                new(["connection refused", MatchTerm.Word("econnrefused"), "actively refused", "no route to host", MatchTerm.Word("ehostunreach"), "network is unreachable", MatchTerm.Word("enetunreach"), "host is unreachable", "is the server running", "could not connect to server", "no connection could be made", "connect() failed", "server is not reachable", "unreachable"]),
                new(["refused"], ["connection to", "connect to", "connecting to"]),
            ],
            TargetNoun = "the remote endpoint",
            ProbableCause = "Connections to {target} were refused{exception}: nothing was listening on that address and port (the service was down, restarting or not yet ready, or the host or port is wrong), or the network path to it was unavailable.",
            SuggestedInvestigation =
            [
                "Check whether the target service was running and listening at that time (health checks, restarts, deployments).",
                "Verify the host and port the client used against the service's actual address (service discovery, environment).",
                "Check firewalls, security groups or network policies between the two.",
            ],
            Mitigation =
            [
                "Restore the target service; let clients retry connection failures with backoff behind a circuit breaker.",
                "Order start-up so dependents wait for readiness instead of failing.",
            ],
            Needs = ContextNeed.RemoteEndpoint | ContextNeed.Instance | ContextNeed.RecentChanges | ContextNeed.TraceId,
        },
        new()
        {
            Id = "file-not-found",
            Priority = 72,
            Category = CauseCategory.Configuration,
            Confidence = 0.85,
            ExceptionTypes = ["filenotfoundexception", "filenotfounderror", "nosuchfileexception", "directorynotfoundexception"],
            Text =
            [
                new(["no such file or directory", MatchTerm.Word("enoent"), "could not find file", "could not find a part of the path", "file not found", "cannot find the file", "cannot find the path"]),
            ],
            ProbableCause = "A file or directory the code expects does not exist at the path it uses{exception}: a missing deployment artifact or mount, a wrong relative path or working directory, or a file removed by another process.",
            SuggestedInvestigation =
            [
                "Take the path from the record, check whether it exists on the affected instance, and whether it is relative to the working directory.",
                "Check the deployment package or image and the volume mounts for the file.",
                "Check whether another process (cleanup job, rotation) removes it.",
            ],
            Mitigation =
            [
                "Ship or mount the missing file, or make the path configurable and absolute.",
                "If the file is optional, handle its absence explicitly (clear error or default).",
            ],
            Needs = ContextNeed.Configuration | ContextNeed.Instance | ContextNeed.Versions | ContextNeed.RecentChanges,
            ConfigurationHint = "the configured paths, the working directory and the volume mounts",
        },
        new()
        {
            Id = "connection-reset",
            Priority = 71,
            Category = CauseCategory.DependencyUnreachable,
            Symptom = true,
            Confidence = 0.8,
            ExceptionTypes = ["connectionreseterror", "brokenpipeerror", "connectionabortederror", "closedchannelexception"],
            Text =
            [
                new(["connection reset", MatchTerm.Word("econnreset"), "broken pipe", MatchTerm.Word("epipe"), "connection aborted", MatchTerm.Word("econnaborted"), "forcibly closed", "socket hang up", "connection closed prematurely", "prematurely closed", "remote end closed connection", "unexpected end of stream", "server closed the connection unexpectedly", "connection closed by peer", "reset by peer", "response ended prematurely"]),
            ],
            TargetNoun = "the remote endpoint",
            ProbableCause = "Established connections to {target} were closed abruptly by the other side or by a device in between{exception}: a peer crash or restart, an idle timeout on a load balancer, NAT or proxy shorter than the client's keep-alive, or a request the server aborted.",
            SuggestedInvestigation =
            [
                "Compare the client's keep-alive and idle timeouts with those of the load balancers, proxies and server.",
                "Check whether the peer restarted, crashed or hit a limit (request size, connection count) at those times.",
                "Check whether resets cluster on reused pooled connections after idle periods.",
            ],
            Mitigation =
            [
                "Keep client idle timeouts below those of the network path, and retry idempotent requests on a fresh connection.",
                "Fix the server-side abort (limits, crashes) if the peer closes mid-request.",
            ],
            Needs = ContextNeed.RemoteEndpoint | ContextNeed.Configuration | ContextNeed.TraceId | ContextNeed.RecentChanges,
            ConfigurationHint = "the keep-alive and idle timeouts of the client, proxies and load balancer",
        },
        new()
        {
            Id = "null-dereference",
            Priority = 70,
            Category = CauseCategory.CodeDefect,
            Confidence = 0.85,
            ExceptionTypes = ["nullpointerexception", "nullreferenceexception"],
            Text =
            [
                new(["cannot read properties of undefined", "cannot read properties of null", "cannot read property", "undefined is not an object", "null is not an object", "'nonetype' object", "nonetype object", "nil pointer dereference", "object reference not set to an instance of an object", "' for nil", "for nil:nilclass", "attempt to invoke virtual method", "attempt to invoke interface method", "attempt to read from field"]),
                new(["call to a member function"], ["on null"]),
            ],
            ProbableCause = "Code dereferenced a null or undefined value{exception}: a value assumed to be present (a lookup result, an optional field of a request or response, an uninitialized dependency) was missing.",
            SuggestedInvestigation =
            [
                "Open the top application frame of the stack trace and find which value on that line can be null.",
                "Find the input that produced it: the request or message being processed (identifiers, payload shape).",
                "Check whether an upstream response or configuration value that used to be present is now missing.",
            ],
            Mitigation =
            [
                "Validate the input or handle the absent value explicitly (guard, default, clear error) at the boundary.",
                "Add a regression test with the input shape that triggered it.",
            ],
            Needs = ContextNeed.TraceId | ContextNeed.StackTrace | ContextNeed.Payload | ContextNeed.Versions | ContextNeed.RecentChanges,
        },
        new()
        {
            Id = "index-key-error",
            Priority = 66,
            Category = CauseCategory.CodeDefect,
            Confidence = 0.8,
            ExceptionTypes = ["indexoutofrangeexception", "argumentoutofrangeexception", "indexoutofboundsexception", "keynotfoundexception", MatchTerm.Word("keyerror"), MatchTerm.Word("indexerror"), "nosuchelementexception"],
            Text =
            [
                new(["index out of range", "index was out of range", "out of bounds", "given key was not present", "was not present in the dictionary", "key not found", "list index out of range", "slice bounds out of range", "index out of bounds", "no such element"]),
            ],
            ProbableCause = "Code accessed a position or key that does not exist{exception}: a collection emptier or shorter than assumed, or a key missing from a map, usually driven by unexpected input data.",
            SuggestedInvestigation =
            [
                "Open the top application frame and find the indexed collection or the looked-up key.",
                "Find the input (request, message, file) that produced the empty collection or unknown key.",
                "Check whether the data's producer changed its shape (fewer items, renamed keys).",
            ],
            Mitigation =
            [
                "Check bounds or key presence before access and handle the missing case explicitly.",
                "Validate the input's shape at the boundary and add a test with the failing input.",
            ],
            Needs = ContextNeed.TraceId | ContextNeed.StackTrace | ContextNeed.Payload | ContextNeed.Versions,
        },
        new()
        {
            Id = "serialization",
            Priority = 61,
            Category = CauseCategory.DataError,
            Confidence = 0.8,
            ExceptionTypes = ["jsonexception", "jsonreaderexception", "jsonserializationexception", "jsonparseexception", "jsonmappingexception", "jsonprocessingexception", "mismatchedinputexception", "invalidformatexception", "unrecognizedpropertyexception", "jsondecodeerror", "xmlexception", "serializationexception", "formatexception", "numberformatexception", "invalidprotocolbufferexception", "unmarshalexception", "datetimeparseexception", "httpmessagenotreadableexception"],
            Text =
            [
                new(["unexpected token", "unexpected end of json", "json parse error", "failed to parse", "could not parse", "cannot deserialize", "could not deserialize", "failed to deserialize", "unable to deserialize", "error deserializing", "invalid json", "is not valid json", "malformed", "unexpected character", "expecting value: line", "cannot unmarshal", "invalid character", "was not in a correct format", "unrecognized token", "unrecognized field", "in json at position"]),
            ],
            ProbableCause = "Data could not be parsed or deserialized{exception}: its content does not match the expected format or schema, often an HTML error page or empty body where JSON was expected, a changed contract, or a format or encoding mismatch.",
            SuggestedInvestigation =
            [
                "Capture the first bytes, length and content type of the failing input (redacted); an HTML page or empty body points to an upstream error.",
                "Compare the payload with the expected schema or contract and with the producer's version.",
                "For text formats, check culture-sensitive values (decimal separators, dates).",
            ],
            Mitigation =
            [
                "Check status and content type before parsing, and fail with an error that names the field or position.",
                "Align producer and consumer contracts (versioned schemas, readers tolerant of unknown fields).",
            ],
            Needs = ContextNeed.Payload | ContextNeed.StackTrace | ContextNeed.Versions | ContextNeed.UpstreamResponse | ContextNeed.TraceId,
        },
        new()
        {
            Id = "gc-pressure",
            Priority = 60,
            Category = CauseCategory.ResourceExhaustion,
            Symptom = true,
            Confidence = 0.6,
            Text =
            [
                new(["gc overhead", "long gc", "gc pause", "full gc", "pause full", "pause young", "allocation failure", "detected pause in jvm", "jvmpausemonitor", "gc pressure", "memory pressure", "high memory usage", "heap usage", "stop-the-world"]),
            ],
            ProbableCause = "The runtime is spending long pauses in garbage collection: the heap is close to its limit or the allocation rate is high, so requests stall and may later fail with timeouts or out-of-memory errors.",
            SuggestedInvestigation =
            [
                "Read GC logs or metrics around the first occurrence: pause times, heap after collection, allocation rate.",
                "Check whether the heap after collection keeps rising (a leak) or pauses follow load peaks.",
                "Look for large allocations: big payloads, unbounded collections, caches.",
            ],
            Mitigation =
            [
                "Give the heap more headroom or reduce allocation (pooling, streaming).",
                "Tune the collector only after confirming that the heap is not leaking.",
            ],
            Needs = ContextNeed.ResourceMetrics | ContextNeed.Configuration | ContextNeed.Instance | ContextNeed.Versions,
            MetricsHint = "GC pause times, heap after collection and allocation rate",
            ConfigurationHint = "the heap size and garbage collector settings",
        },
        new()
        {
            Id = "upstream-5xx",
            Priority = 56,
            Category = CauseCategory.UpstreamError,
            Symptom = true,
            Confidence = 0.7,
            ExceptionTypes = ["httpservererrorexception", "internalservererrorexception", "serviceunavailableexception", "badgatewayexception", "gatewaytimeoutexception"],
            Text =
            [
                new(["internal server error", "bad gateway", "service unavailable", "service temporarily unavailable", "gateway timeout", "gateway time-out", "no healthy upstream", "no live upstreams", "upstream connect error", "upstream prematurely closed", "upstream timed out", "from upstream"]),
                new([MatchTerm.Word("500"), MatchTerm.Word("502"), MatchTerm.Word("503"), MatchTerm.Word("504")], HttpStatusContext, CodeWindow),
            ],
            TargetNoun = "the upstream service",
            ProbableCause = "Calls to {target} failed with HTTP 5xx{exception}: the server side of the request failed or was unavailable (500: an unhandled error there; 502 or 504: a proxy got no valid or timely answer from its backend; 503: overload or maintenance).",
            SuggestedInvestigation =
            [
                "Find the same requests in the upstream's own logs (by time and request id) to see its error.",
                "Check the upstream's health, deployments and saturation at the first occurrence.",
                "Check whether all calls fail or only some endpoints or payloads.",
            ],
            Mitigation =
            [
                "Retry idempotent calls on 502, 503 and 504 with backoff behind a circuit breaker, and degrade gracefully where possible.",
                "Fix the upstream error found in its logs; do not blindly retry 500s of non-idempotent operations.",
            ],
            Needs = ContextNeed.UpstreamResponse | ContextNeed.TraceId | ContextNeed.RemoteEndpoint | ContextNeed.Versions,
        },
        new()
        {
            Id = "timeout",
            Priority = 50,
            Category = CauseCategory.Timeout,
            Symptom = true,
            Confidence = 0.75,
            ExceptionTypes = ["timeoutexception", "sockettimeoutexception", "timeouterror", "readtimeout", "connecttimeout", "timeoutrejectedexception", "deadlineexceeded"],
            Text =
            [
                new(["timed out", "timeout", "time out", "time-out", MatchTerm.Word("etimedout"), MatchTerm.Word("esockettimedout"), "deadline exceeded", "deadline_exceeded", "took too long", "httpclient.timeout"]),
            ],
            TargetNoun = "the remote dependency",
            ProbableCause = "Operations against {target} did not complete within their time limit{exception}: the remote side was slow or overloaded, the network dropped packets, or the timeout is shorter than the work legitimately takes.",
            SuggestedInvestigation =
            [
                "Compare the configured timeout with the dependency's latency distribution (p95, p99) at the first occurrence.",
                "Check the dependency's health and load, and whether the slowness started with a deployment or a traffic peak.",
                "Tell connect timeouts (network, unreachable host) from read timeouts (slow responses).",
            ],
            Mitigation =
            [
                "Retry idempotent calls with backoff and jitter within an overall deadline, behind a circuit breaker so a slow dependency cannot tie up threads.",
                "Fix the slow path (query, index, capacity), or raise the timeout only if the work legitimately needs longer.",
            ],
            Needs = ContextNeed.Duration | ContextNeed.RemoteEndpoint | ContextNeed.Configuration | ContextNeed.ResourceMetrics | ContextNeed.TraceId,
            ConfigurationHint = "the client, server and proxy timeouts on the path",
            MetricsHint = "the dependency's latency and saturation",
        },
    ];
}
