namespace LogAnalyzer.Tests.Web.Browser;

/// <summary>Scripts the browser tests evaluate in the page.</summary>
internal static class PageScripts
{
    /// <summary>Fills the input with about <c>bytes</c> of realistic mixed log text generated in the page, as a paste would.</summary>
    public const string FillWithGeneratedLog = """
        (bytes) => {
          const area = document.getElementById('la-log-text');
          const parts = [];
          let size = 0, i = 0;
          const levels = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
          const base = Date.UTC(2026, 2, 2, 10, 0, 0);
          while (size < bytes) {
            const ts = new Date(base + i * 37).toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
            const level = levels[i % levels.length];
            let line;
            if (level === 'ERROR' && i % 12 === 5) {
              line = `${ts} ERROR [http-nio-8080-exec-${i % 20}] com.acme.orders.api.OrderController - Failed to load order ${80000 + i}\n` +
                'org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection\n' +
                '\tat com.acme.orders.repository.OrderRepository.findById(OrderRepository.java:52)\n' +
                '\tat com.acme.orders.service.OrderService.load(OrderService.java:88)\n' +
                'Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.\n' +
                '\t... 48 more';
            } else if (level === 'ERROR') {
              line = `{"@t":"${new Date(base + i * 37).toISOString()}","@l":"Error","@mt":"Charge failed for order {OrderId}","OrderId":${i},"SourceContext":"Acme.Payments.ChargeService"}`;
            } else if (level === 'WARN') {
              line = `${ts} WARN  [pool-${i % 4}] com.zaxxer.hikari.pool.HikariPool - HikariPool-1 - Connection is not available, waiting=${i % 9}`;
            } else {
              line = `${ts} ${level.padEnd(5)} [worker-${i % 8}] com.acme.orders.jobs.Worker${i % 5} - processed batch ${i} in ${i % 900} ms for tenant t-${i % 37}`;
            }
            parts.push(line);
            size += line.length + 1;
            i++;
          }
          const text = parts.join('\n') + '\n';
          if (text.length > 1024 * 1024) {
            // A real paste: large pastes are held in memory by the page, not laid out in the textarea.
            const transfer = new DataTransfer();
            transfer.setData('text/plain', text);
            area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
          } else {
            area.value = text;
            area.dispatchEvent(new Event('input', { bubbles: true }));
          }
          return text.length;
        }
        """;

    /// <summary>Clicks Analyze and resolves with the ms until the totals appear and until the run ends.</summary>
    public const string AnalyzeAndTime = """
        () => new Promise(resolve => {
          const root = document.querySelector('[data-testid=dashboard]');
          const t0 = performance.now();
          const result = { segmentationMs: -1, finalMs: -1, streamedMs: -1, run: '', reading: false };
          const check = () => {
            const status = document.querySelector('[data-testid=run-status]');
            const reading = !!status && status.textContent.startsWith('Reading');
            if (reading) { result.reading = true; }
            if (result.streamedMs < 0 && result.reading && !reading) {
              result.streamedMs = performance.now() - t0;
            }
            if (result.segmentationMs < 0 && document.querySelector('[data-testid=total-lines]')) {
              result.segmentationMs = performance.now() - t0;
            }
            const run = root.dataset.run;
            if (run !== 'running' && run !== 'idle' && performance.now() > t0) {
              result.finalMs = performance.now() - t0;
              result.run = run;
              observer.disconnect();
              resolve(result);
            }
          };
          const observer = new MutationObserver(check);
          observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
          root.dataset.run = 'idle';
          document.querySelector('button[data-testid=analyze]').click();
        })
        """;
}
