using System.Text;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>Replaces each invalid byte sequence with U+FFFD and counts the bytes it replaced.</summary>
internal sealed class CountingDecoderFallback : DecoderFallback
{
    public int InvalidBytes { get; private set; }

    public override int MaxCharCount => 1;

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

    private sealed class Buffer(CountingDecoderFallback owner) : DecoderFallbackBuffer
    {
        private bool _pending;

        public override int Remaining => _pending ? 1 : 0;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            owner.InvalidBytes += bytesUnknown.Length;
            _pending = true;
            return true;
        }

        public override char GetNextChar()
        {
            if (!_pending)
            {
                return '\0';
            }

            _pending = false;
            return '\uFFFD';
        }

        public override bool MovePrevious() => false;

        public override void Reset() => _pending = false;
    }
}
