namespace LogAnalyzer.Tests.Ingestion;

/// <summary>Stack traces in the shapes real runtimes and frameworks print them (written for these tests).</summary>
internal static class TraceSamples
{
    public const string Java = """
        2026-03-02 10:14:07,311 ERROR [http-nio-8080-exec-3] com.acme.orders.OrderController - Order lookup failed
        org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection; nested exception is java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available
        	at org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:275)
        	at com.acme.orders.OrderService.find(OrderService.java:88)
        	at com.acme.orders.OrderController.get(OrderController.java:41)
        	at java.base/java.lang.Thread.run(Thread.java:833)
        	Suppressed: java.lang.IllegalStateException: pool closing
        		at com.zaxxer.hikari.pool.HikariPool.shutdown(HikariPool.java:220)
        		... 3 more
        Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.
        	at com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)
        	at com.acme.orders.OrderRepository.load(OrderRepository.java:19)
        	... 12 more
        Caused by: java.net.SocketTimeoutException: Connect timed out
        	at java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:546)
        	... 20 more
        2026-03-02 10:14:08,002 INFO [main] com.acme.Health - ok
        """;

    public const string DotNet = """
        2026-03-02T10:14:07.3110000Z [ERR] Request POST /api/orders failed
        System.InvalidOperationException: Could not save order 42
         ---> Microsoft.Data.SqlClient.SqlException (0x80131904): Timeout expired.
           at Microsoft.Data.SqlClient.SqlConnection.OnError(SqlException exception, Boolean breakConnection)
           at Acme.Orders.OrderRepository.SaveAsync(Order order) in /src/Acme.Orders/OrderRepository.cs:line 57
           --- End of inner exception stack trace ---
           at Acme.Orders.OrderService.PlaceAsync(Order order) in /src/Acme.Orders/OrderService.cs:line 31
           at Acme.Orders.OrdersController.<Post>d__4.MoveNext() in /src/Acme.Orders/OrdersController.cs:line 22
        --- End of stack trace from previous location ---
           at Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.TaskOfIActionResultExecutor.Execute(ActionContext context)
        2026-03-02T10:14:08.0000000Z [INF] Request finished
        """;

    public const string Python = """
        2026-03-02 10:14:07,311 ERROR worker: Job 7 crashed
        Traceback (most recent call last):
          File "/app/jobs/fetch.py", line 12, in fetch
            return client.get(url)
          File "/usr/lib/python3.11/site-packages/requests/api.py", line 73, in get
            return request("get", url, params=params, **kwargs)
        requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded

        During handling of the above exception, another exception occurred:

        Traceback (most recent call last):
          File "/app/jobs/runner.py", line 40, in run
            fetch(job.url)
          File "/app/jobs/fetch.py", line 14, in fetch
            raise FetchFailed(job.url) from None
        jobs.errors.FetchFailed: https://api.example.com/v1/items

        The above exception was the direct cause of the following exception:

        Traceback (most recent call last):
          File "/app/main.py", line 9, in <module>
            runner.run()
        RuntimeError: job runner stopped
        2026-03-02 10:14:08,000 INFO worker: next job
        """;

    public const string Node = """
        2026-03-02T10:14:07.311Z error: unhandled rejection
        Error: Failed to load user 42
            at loadUser (/srv/app/src/users.js:18:11)
            at async handler (/srv/app/src/routes/users.js:9:18)
            at processTicksAndRejections (node:internal/process/task_queues:95:5) {
          [cause]: TypeError: Cannot read properties of undefined (reading 'id')
              at mapRow (/srv/app/src/db.js:44:23)
              at /srv/app/node_modules/pg/lib/query.js:120:9
        }
        2026-03-02T10:14:08.000Z info: server listening
        """;

    public const string Go = """
        2026/03/02 10:14:07 starting worker pool size=4
        panic: runtime error: invalid memory address or nil pointer dereference
        [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1f2b]

        goroutine 1 [running]:
        main.(*Server).handle(0x0, {0xc000012345, 0x5})
        	/app/server.go:42 +0x2b
        main.main()
        	/app/main.go:17 +0x65
        runtime.main()
        	/usr/local/go/src/runtime/proc.go:267 +0x2bb
        exit status 2
        2026/03/02 10:14:09 restarting
        """;

    public const string Ruby = """
        E, [2026-03-02T10:14:07.311000 #4242] ERROR -- : Checkout failed
        /app/lib/cart.rb:12:in `total': undefined method `price' for nil (NoMethodError)
        	from /app/lib/checkout.rb:30:in `call'
        	from /usr/local/bundle/gems/rack-3.0.8/lib/rack/builder.rb:277:in `call'
        I, [2026-03-02T10:14:08.000000 #4242]  INFO -- : Retrying
        """;

    public const string Php = """
        [02-Mar-2026 10:14:07 UTC] PHP Fatal error:  Uncaught RuntimeException: Payment gateway unavailable in /var/www/app/src/Gateway.php:77
        Stack trace:
        #0 /var/www/app/src/Checkout.php(31): App\Gateway->charge(Object(App\Order))
        #1 /var/www/app/vendor/slim/slim/Slim/App.php(215): App\Checkout->__invoke()
        #2 {main}
          thrown in /var/www/app/src/Gateway.php on line 77
        [02-Mar-2026 10:14:08 UTC] PHP Notice:  Undefined index: id in /var/www/app/src/Cart.php on line 9
        """;
}
