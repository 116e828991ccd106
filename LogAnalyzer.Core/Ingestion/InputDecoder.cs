using System.Text;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Chooses the decoder from the byte-order mark: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, and UTF-16 without
/// one when its zero bytes give it away (text that is mostly ASCII has a zero in every other byte; UTF-8 text has none).
/// </summary>
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

        return LooksLikeUtf16(input) switch
        {
            'L' => ("utf-16le", 0, Build(new UnicodeEncoding(false, false), fallback), fallback),
            'B' => ("utf-16be", 0, Build(new UnicodeEncoding(true, false), fallback), fallback),
            _ => ("utf-8", 0, Build(new UTF8Encoding(false), fallback), fallback),
        };
    }

    /// <summary>
    /// 'L' or 'B' when the first KB reads as BOM-less UTF-16 little/big endian: at least a quarter of the high bytes
    /// are zero and almost none of the low bytes are; otherwise '\0'.
    /// </summary>
    internal static char LooksLikeUtf16(ReadOnlySpan<byte> input)
    {
        var sample = input[..(Math.Min(input.Length, 1024) & ~1)];
        var pairs = sample.Length / 2;
        if (pairs < 4)
        {
            return '\0';
        }

        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            evenZeros += sample[i] == 0 ? 1 : 0;
            oddZeros += sample[i + 1] == 0 ? 1 : 0;
        }

        var few = pairs / 16;
        return (oddZeros * 4 >= pairs && evenZeros <= few) ? 'L'
            : (evenZeros * 4 >= pairs && oddZeros <= few) ? 'B'
            : '\0';
    }

    private static Decoder Build(Encoding prototype, CountingDecoderFallback fallback)
    {
        var encoding = (Encoding)prototype.Clone();
        encoding.DecoderFallback = fallback;
        return encoding.GetDecoder();
    }
}
