using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LogAnalyzer.Core.Llm;

/// <summary>Reads the heterogeneous error answers of OpenAI-compatible providers (see llm-provider-notes §3).</summary>
internal static partial class LlmHttpErrors
{
    private const int MaxMessageLength = 240;

    /// <summary>Wait hint: <c>Retry-After</c> (seconds or HTTP date) → <c>retry-after-ms</c> → <c>RateLimit</c> <c>t=</c>.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        return RetryAfter(name => FirstHeader(response.Headers, name), now);
    }

    /// <summary>The same wait hint from any response's headers (<paramref name="header"/> returns a header's first value or null).</summary>
    public static TimeSpan? RetryAfter(Func<string, string?> header, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header("Retry-After") is { } raw && RetryConditionHeaderValue.TryParse(raw, out var retryAfter))
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        if (header("retry-after-ms") is { } ms
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        if (header("RateLimit") is { } rateLimit && RateLimitReset().Match(rateLimit) is { Success: true } m
            && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }

    /// <summary>
    /// The message in order: JSON <c>error</c> string, <c>error.message</c>, <c>message</c>, <c>detail</c>,
    /// <c>X-Error-Message</c>, plain text; HTML pages are summarized, never shown. Bounded and key-scrubbed.
    /// </summary>
    public static string? Message(string? body, HttpResponseHeaders? headers, string? secret) =>
        Message(body, headers is null ? null : name => FirstHeader(headers, name), secret);

    /// <inheritdoc cref="Message(string?, HttpResponseHeaders?, string?)"/>
    public static string? Message(string? body, Func<string, string?>? header, string? secret)
    {
        string? message = null;
        var trimmed = body?.Trim();
        if (!string.IsNullOrEmpty(trimmed) && trimmed[0] == '{')
        {
            try
            {
                using var json = JsonDocument.Parse(trimmed);
                var root = json.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    message = root.TryGetProperty("error", out var error) switch
                    {
                        true when error.ValueKind == JsonValueKind.String => error.GetString(),
                        true when error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m)
                            && m.ValueKind == JsonValueKind.String => m.GetString(),
                        _ => null,
                    };
                    message ??= StringProperty(root, "message") ?? StringProperty(root, "detail");
                }
            }
            catch (JsonException)
            {
                message = null;
            }
        }

        if (message is null && header is not null && header("X-Error-Message") is { } headerMessage)
        {
            message = headerMessage;
        }

        if (message is null && !string.IsNullOrEmpty(trimmed))
        {
            message = trimmed.StartsWith('<') ? "an HTML error page" : trimmed;
        }

        return message is null ? null : Clean(message, secret);
    }

    /// <summary>True when the body names an exhausted quota, credits or billing limit (never worth retrying).</summary>
    public static bool MentionsQuota(string? body) =>
        body is not null && QuotaWording().IsMatch(body);

    /// <summary>One line, no control characters, bounded, with the key (if it was echoed) replaced.</summary>
    public static string Clean(string text, string? secret)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!string.IsNullOrEmpty(secret))
        {
            text = text.Replace(secret, "[key]", StringComparison.Ordinal);
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxMessageLength + 1));
        foreach (var c in text)
        {
            if (builder.Length >= MaxMessageLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return HfToken().Replace(builder.ToString().Trim(), "[key]");
    }

    private static string? StringProperty(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? FirstHeader(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    [GeneratedRegex(@"\bt\s*=\s*(\d{1,6})", RegexOptions.CultureInvariant)]
    private static partial Regex RateLimitReset();

    [GeneratedRegex(@"insufficient_quota|credit_balance|quota|credits|billing|depleted|exceeded your", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuotaWording();

    [GeneratedRegex(@"\b(hf_[A-Za-z0-9]{8,}|sk-[A-Za-z0-9_-]{8,}|gsk_[A-Za-z0-9]{8,})", RegexOptions.CultureInvariant)]
    private static partial Regex HfToken();
}
