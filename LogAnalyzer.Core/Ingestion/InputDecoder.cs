using System.Text;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>Chooses the decoder from the byte-order mark: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM.</summary>
internal static class InputDecoder
{
    /// <summary>Returns the encoding name for the summary, the BOM length to skip, and a counting decoder.</summary>
    public static (string Name, int BomLength, Decoder Decoder, CountingDecoderFallback Fallback) Create(ReadOnlySpan<byte> input)
    {
        var fallback = new CountingDecoderFallback();
        if (input.Length >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF)
        {
            return ("utf-8-bom", 3, Build(new UTF8Encoding(false), fallback), fallback);
        }

        if (input.Length >= 2 && input[0] == 0xFF && input[1] == 0xFE)
        {
            return ("utf-16le", 2, Build(new UnicodeEncoding(false, false), fallback), fallback);
        }

        if (input.Length >= 2 && input[0] == 0xFE && input[1] == 0xFF)
        {
            return ("utf-16be", 2, Build(new UnicodeEncoding(true, false), fallback), fallback);
        }

        return ("utf-8", 0, Build(new UTF8Encoding(false), fallback), fallback);
    }

    private static Decoder Build(Encoding prototype, CountingDecoderFallback fallback)
    {
        var encoding = (Encoding)prototype.Clone();
        encoding.DecoderFallback = fallback;
        return encoding.GetDecoder();
    }
}
