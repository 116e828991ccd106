namespace LogAnalyzer.Web.Input;

/// <summary>
/// The "Load example" text: an incident as several services print it — Java, .NET and Python traces, JSON lines,
/// a leaked credential (to show redaction) and a line carrying markup (to show it is rendered as text).
/// </summary>
public static class ExampleLog
{
    public const string Text = """
2026-03-02 10:14:07,120 INFO  [main] com.acme.orders.Application - Started Application in 8.12 seconds (JVM running for 9.004)
2026-03-02 10:14:07,388 INFO  [main] com.zaxxer.hikari.HikariDataSource - HikariPool-1 - Start completed.
2026-03-02 10:15:31,902 WARN  [http-nio-8080-exec-4] com.zaxxer.hikari.pool.HikariPool - HikariPool-1 - Connection is not available, request timed out after 30000ms (total=10, active=10, idle=0, waiting=7)
2026-03-02 10:15:31,915 ERROR [http-nio-8080-exec-4] com.acme.orders.api.OrderController - Failed to load order 88213
org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection
	at org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:277)
	at com.acme.orders.repository.OrderRepository.findById(OrderRepository.java:52)
	at com.acme.orders.service.OrderService.load(OrderService.java:88)
	at com.acme.orders.api.OrderController.get(OrderController.java:41)
Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.
	at com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)
	at com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)
	... 48 more
2026-03-02 10:15:33,010 ERROR [http-nio-8080-exec-9] com.acme.orders.api.OrderController - Failed to load order 88240
org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection
	at org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:277)
	at com.acme.orders.repository.OrderRepository.findById(OrderRepository.java:52)
	at com.acme.orders.service.OrderService.load(OrderService.java:88)
	at com.acme.orders.api.OrderController.get(OrderController.java:41)
Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.
	at com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)
	... 48 more
2026-03-02 10:15:34,200 INFO  [scheduler-1] com.acme.orders.jobs.Reconciler - Reconciled 412 orders in 1830 ms
2026-03-02 10:15:35,447 DEBUG [http-nio-8080-exec-2] com.acme.orders.auth.TokenFilter - Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvcmRlcnMtc3ZjIiwiaWF0IjoxNzcyNDQ2NTM1fQ.mQ7yYx1bS0hU8pV4m2d3Wc9zK1lR5nT0aE6fG8hJ2kQ
{"@t":"2026-03-02T10:15:36.0120000Z","@l":"Warning","@mt":"Payment gateway responded {StatusCode} in {Elapsed} ms","StatusCode":503,"Elapsed":2004,"SourceContext":"Acme.Payments.GatewayClient"}
{"@t":"2026-03-02T10:15:36.5530000Z","@l":"Error","@mt":"Charge failed for order {OrderId}","OrderId":88213,"SourceContext":"Acme.Payments.ChargeService","@x":"System.Net.Http.HttpRequestException: Response status code does not indicate success: 503 (Service Unavailable).\n   at System.Net.Http.HttpResponseMessage.EnsureSuccessStatusCode()\n   at Acme.Payments.GatewayClient.ChargeAsync(ChargeRequest request, CancellationToken cancellationToken) in /src/Payments/GatewayClient.cs:line 74"}
2026-03-02T10:15:37.8812345+00:00 [ERR] Acme.Payments.ChargeService: Charge failed for order 88240
System.Net.Http.HttpRequestException: Response status code does not indicate success: 503 (Service Unavailable).
   at System.Net.Http.HttpResponseMessage.EnsureSuccessStatusCode()
   at Acme.Payments.GatewayClient.ChargeAsync(ChargeRequest request, CancellationToken cancellationToken) in /src/Payments/GatewayClient.cs:line 74
   at Acme.Payments.ChargeService.ChargeAsync(Order order, CancellationToken cancellationToken) in /src/Payments/ChargeService.cs:line 39
2026-03-02 10:15:38,104 INFO  [worker-3] acme.notify.worker: sending receipt to customer 5511 via smtp.acme.internal
2026-03-02 10:15:38,377 ERROR [worker-3] acme.notify.worker: receipt delivery failed
Traceback (most recent call last):
  File "/app/notify/worker.py", line 88, in send_receipt
    client.send(message, timeout=5)
  File "/usr/lib/python3.12/smtplib.py", line 398, in send
    raise SMTPServerDisconnected("please run connect() first")
smtplib.SMTPServerDisconnected: please run connect() first
2026-03-02 10:15:39,002 WARN  [worker-3] acme.notify.config: retrying with smtp_password=Summer2026! on port 587
2026-03-02 10:15:39,540 WARN  [http-nio-8080-exec-7] com.acme.orders.api.SearchController - Rejected query q=<script>alert('x')</script> from 203.0.113.42
2026-03-02 10:15:40,118 ERROR [http-nio-8080-exec-1] com.acme.orders.api.OrderController - Failed to load order 88302
org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection
	at org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:277)
	at com.acme.orders.repository.OrderRepository.findById(OrderRepository.java:52)
Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.
	... 48 more
{"@t":"2026-03-02T10:15:41.0020000Z","@l":"Information","@mt":"Health check {Name} is {Status}","Name":"payments-gateway","Status":"Degraded","SourceContext":"Acme.Health"}
2026-03-02 10:15:42,660 INFO  [main] com.acme.orders.Application - Pool resized: maximumPoolSize 10 -> 20

""";
}
