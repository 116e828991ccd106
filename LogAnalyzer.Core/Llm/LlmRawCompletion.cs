using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// Reads an HTTP 200 chat-completions body that the OpenAI SDK refuses to map, into the same
/// <see cref="ChatResponse"/> shape: the SDK's <c>finish_reason</c> is a closed enum that throws on values other
/// providers send (TGI's <c>stop_sequence</c>, llama.cpp's <c>eos</c>…), and its flattened accessors throw on an empty
/// <c>choices</c> list. Both are answers to report precisely (llm-provider-notes §1), not malformed bodies.
/// </summary>
internal static class LlmRawCompletion
{
    /// <summary>The answer as a chat response: no messages for empty <c>choices</c>; else the first choice.</summary>
    /// <exception cref="LlmProviderException">The body is not JSON or not a chat-completions object.</exception>
    public static ChatResponse Read(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed("the answer is not a chat-completions object");
            }

            var response = new ChatResponse([]);
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                response.Usage = new UsageDetails
                {
                    InputTokenCount = IntProperty(usage, "prompt_tokens"),
                    OutputTokenCount = IntProperty(usage, "completion_tokens"),
                };
            }

            if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
            {
                var first = choices[0];
                var message = new ChatMessage { Role = ChatRole.Assistant };
                response.Messages.Add(message);
                if (first.ValueKind != JsonValueKind.Object)
                {
                    return response;
                }

                if (first.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object
                    && m.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String)
                {
                    message.Contents.Add(new TextContent(c.GetString()));
                }

                if (first.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String
                    && !string.IsNullOrWhiteSpace(f.GetString()))
                {
                    response.FinishReason = new ChatFinishReason(f.GetString()!);
                }
            }

            return response;
        }
        catch (JsonException)
        {
            throw Malformed("the answer is not JSON");
        }
    }

    private static LlmProviderException Malformed(string what) => new("The provider's HTTP 200 answer was unusable: " + what)
    {
        StatusCode = 200, ProviderMessage = what,
    };

    private static int IntProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0 ? n : 0;
}
