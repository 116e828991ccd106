using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace LogAnalyzer.Web.Api;

/// <summary>
/// Reads a request body into memory as its bytes arrive: chunks from the shared pool that grow with what was received
/// (never sized from the client's Content-Length, so a declared 40 MB that never comes costs nothing), bounded by a limit.
/// </summary>
internal static class RequestBodyReader
{
    private const int FirstChunk = 16 * 1024;
    private const int LargestChunk = 1024 * 1024;

    /// <summary>The body's bytes, or null once it passes <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContext context, long limit, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength is { } declared && declared > limit)
        {
            return null;
        }

        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit + 1;
        }

        try
        {
            return await ReadAsync(context.Request.Body, limit, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    /// <summary>Reads <paramref name="body"/> to its end, or returns null once it passes <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        var chunks = new List<(byte[] Buffer, int Count)>();
        long total = 0;
        try
        {
            var size = FirstChunk;
            while (true)
            {
                var chunk = ArrayPool<byte>.Shared.Rent(size);
                var filled = 0;
                int read;
                while (filled < chunk.Length
                       && (read = await body.ReadAsync(chunk.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                    total += read;
                    if (total > limit)
                    {
                        chunks.Add((chunk, filled));
                        return null;
                    }
                }

                chunks.Add((chunk, filled));
                if (filled < chunk.Length)
                {
                    break; // the body ended inside this chunk
                }

                size = Math.Min(size * 2, LargestChunk);
            }

            var result = GC.AllocateUninitializedArray<byte>((int)total);
            var offset = 0;
            foreach (var (buffer, count) in chunks)
            {
                buffer.AsSpan(0, count).CopyTo(result.AsSpan(offset));
                offset += count;
            }

            return result;
        }
        finally
        {
            foreach (var (buffer, _) in chunks)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
