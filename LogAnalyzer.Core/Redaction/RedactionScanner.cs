using System.Buffers;
using System.Text;

namespace LogAnalyzer.Core.Redaction;

/// <summary>
/// The single-pass scanner behind <see cref="SecretRedactor"/>. Three cheap, vectorized searches find candidates
/// (keyword/key-shape triggers, '@', and runs of at least 13 digit-ish characters probed every 13 characters);
/// only candidates are verified. Output is built lazily, so text with nothing to redact is returned as is.
/// </summary>
internal ref struct RedactionScanner
{
    private const int None = int.MaxValue;
    private const int MinCardRun = 13;

    /// <summary>How every placeholder this scanner writes starts (<c>[REDACTED:type]</c>).</summary>
    private const string PlaceholderStart = "[REDACTED:";

    /// <summary>
    /// What a placeholder look-alike already in the input becomes (<c>[REDACTED:password]</c> pasted by a user, or
    /// masked by the application that wrote the log): <c>[REDACTED-in-log:password]</c>. It is not a redaction of ours,
    /// so it is not counted, and nothing that counts <c>[REDACTED:type]</c> downstream (the prompt preview) mistakes it
    /// for one; it still starts with "[REDACTED", so a second pass leaves it alone.
    /// </summary>
    internal const string LookAlikeStart = "[REDACTED-in-log:";

    /// <summary>The longest placeholder type a look-alike may carry (as the prompt's placeholder count reads them).</summary>
    private const int MaxPlaceholderType = 40;

    /// <summary>
    /// Substrings that every secret-bearing key name contains (case-insensitive). Kept to at most 8 strings so
    /// the vectorized multi-string search stays on its fast path.
    /// </summary>
    private static readonly SearchValues<string> KeyTriggers = SearchValues.Create(
        ["pass", "pwd", "secret", "token", "key", "auth", "bearer"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Case-sensitive starts of well-known key shapes ("k_live_" is found one character into "sk_live_").</summary>
    private static readonly SearchValues<string> ShapeTriggers = SearchValues.Create(
        ["eyJ", "AKIA", "ASIA", "hf_", "xox", "k_live_", "k_test_", "ghp_", "gho_", "ghs_", "ghu_", "ghr_", "github_pat_", "-----BEGIN"],
        StringComparison.Ordinal);

    /// <summary>Key-name endings that mark the value as a secret, longest/most specific first.</summary>
    private static readonly (string Suffix, string Type)[] KeySuffixes =
    [
        ("secret_access_key", "aws_key"), ("secretaccesskey", "aws_key"),
        ("client_secret", "secret"), ("secret_key", "secret"), ("secretkey", "secret"), ("secret", "secret"),
        ("password", "password"), ("passwd", "password"), ("passphrase", "password"), ("pwd", "password"),
        ("authorization", "token"), ("token", "token"),
        ("api_key", "api_key"), ("apikey", "api_key"), ("api-key", "api_key"), ("access_key", "api_key"), ("accesskey", "api_key"),
    ];

    /// <summary>
    /// Words that describe a secret's state rather than being one ("token: expired", "password: invalid"): hiding them
    /// hides the diagnosis and protects nothing.
    /// </summary>
    private static readonly System.Collections.Frozen.FrozenSet<string> StateWords = System.Collections.Frozen.FrozenSet.ToFrozenSet(
        ["expired", "invalid", "missing", "revoked", "empty", "required", "unset", "absent", "present", "valid", "ok",
         "refreshed", "rotated", "denied", "rejected", "malformed", "unknown", "wrong", "incorrect", "mismatch", "not"],
        StringComparer.OrdinalIgnoreCase);

    private static readonly System.Buffers.SearchValues<char> ObjectNameChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.$");

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static readonly string[] AuthSchemes = ["Bearer", "Basic", "Token", "Digest", "Negotiate", "ApiKey"];

    private readonly ReadOnlySpan<char> _text;
    private readonly RedactionTally _tally;
    private StringBuilder? _output;
    private int _copied;

    private readonly bool _markLookAlikes;

    /// <param name="text">The text to scan.</param>
    /// <param name="tally">Counts what is masked.</param>
    /// <param name="markLookAlikes">
    /// True for the first pass over raw input: placeholder look-alikes become <see cref="LookAlikeStart"/>. False for
    /// text that may already carry this redactor's placeholders (a second, defensive pass), which are left alone.
    /// </param>
    public RedactionScanner(ReadOnlySpan<char> text, RedactionTally tally, bool markLookAlikes = false)
    {
        _text = text;
        _tally = tally;
        _markLookAlikes = markLookAlikes;
    }

    /// <summary>Returns the redacted text, or null when there was nothing to redact.</summary>
    public string? Run()
    {
        var t = _text;
        var pos = 0;
        var nextKey = FindTrigger(0);
        var nextShape = FindShape(0);
        var nextTrigger = Math.Min(nextKey, nextShape);
        var nextAt = FindAt(0);
        FindCard(0, out var cardStart, out var cardEnd);
        var nextLookAlike = FindLookAlike(0);
        while (true)
        {
            var next = Math.Min(Math.Min(nextTrigger, nextLookAlike), Math.Min(nextAt, cardStart));
            if (next == None)
            {
                break;
            }

            int end;
            if (next == nextLookAlike)
            {
                if (!TryLookAlike(nextLookAlike, out end))
                {
                    nextLookAlike = FindLookAlike(nextLookAlike + 1);
                    continue;
                }
            }
            else if (next == cardStart)
            {
                Emit(cardStart, cardEnd, "card");
                end = cardEnd;
            }
            else if (next == nextTrigger)
            {
                if (!TryTrigger(nextTrigger, pos, out end))
                {
                    if (nextKey == nextTrigger)
                    {
                        nextKey = FindTrigger(nextTrigger + 1);
                    }

                    if (nextShape == nextTrigger)
                    {
                        nextShape = FindShape(nextTrigger + 1);
                    }

                    nextTrigger = Math.Min(nextKey, nextShape);
                    continue;
                }
            }
            else if (!TryAt(nextAt, pos, out end))
            {
                nextAt = FindAt(nextAt + 1);
                continue;
            }

            pos = end;
            if (nextKey < pos)
            {
                nextKey = FindTrigger(pos);
            }

            if (nextShape < pos)
            {
                nextShape = FindShape(pos);
            }

            nextTrigger = Math.Min(nextKey, nextShape);

            if (nextAt < pos)
            {
                nextAt = FindAt(pos);
            }

            if (cardStart < pos)
            {
                FindCard(pos, out cardStart, out cardEnd);
            }

            if (nextLookAlike < pos)
            {
                nextLookAlike = FindLookAlike(pos);
            }
        }

        if (_output is null)
        {
            return null;
        }

        _output.Append(t[_copied..]);
        return _output.ToString();
    }

    private readonly int FindTrigger(int from) => Find(from, KeyTriggers);

    private readonly int FindLookAlike(int from)
    {
        if (!_markLookAlikes || from >= _text.Length)
        {
            return None;
        }

        var i = _text.Slice(from).IndexOf(PlaceholderStart, StringComparison.Ordinal);
        return i < 0 ? None : from + i;
    }

    /// <summary>
    /// A placeholder look-alike in the input, <c>[REDACTED:type]</c> with a type of 1–40 of <c>A-Za-z0-9_.-</c>, is
    /// rewritten as <see cref="LookAlikeStart"/><c>type]</c> and not counted.
    /// </summary>
    private bool TryLookAlike(int start, out int end)
    {
        var t = _text;
        var typeStart = start + PlaceholderStart.Length;
        var p = typeStart;
        while (p < t.Length && p - typeStart <= MaxPlaceholderType && (char.IsAsciiLetterOrDigit(t[p]) || t[p] is '_' or '.' or '-'))
        {
            p++;
        }

        if (p == typeStart || p - typeStart > MaxPlaceholderType || p >= t.Length || t[p] != ']')
        {
            end = 0;
            return false;
        }

        end = p + 1;
        _output ??= new StringBuilder(t.Length + 32);
        _output.Append(t[_copied..start]).Append(LookAlikeStart).Append(t[typeStart..end]);
        _copied = end;
        return true;
    }

    private readonly int FindShape(int from)
    {
        while (true)
        {
            var i = Find(from, ShapeTriggers);
            if (i == None || _text[i] != 'k')
            {
                return i;
            }

            // "sk_live_…" is found at its 'k': step back to the key's first character, unless that was already tried.
            if (i - 1 >= from)
            {
                return i - 1;
            }

            from = i + 1;
        }
    }

    private readonly int Find(int from, SearchValues<string> values)
    {
        if (from >= _text.Length)
        {
            return None;
        }

        var i = _text.Slice(from).IndexOfAny(values);
        return i < 0 ? None : from + i;
    }

    private readonly int FindAt(int from)
    {
        if (from >= _text.Length)
        {
            return None;
        }

        var i = _text.Slice(from).IndexOf('@');
        return i < 0 ? None : from + i;
    }

    private void Emit(int start, int end, string type, string quote = "")
    {
        var t = _text;
        _output ??= new StringBuilder(t.Length + 32);
        _output.Append(t[_copied..start])
            .Append(quote).Append("[REDACTED:").Append(type).Append(']').Append(quote);
        _copied = end;
        _tally.Add(type);
    }

    // ---------------------------------------------------------------- triggers: key shapes and key names

    private bool TryTrigger(int k, int pos, out int end)
    {
        var t = _text;
        var s = t.Slice(k);
        end = k;
        int shapeEnd;
        switch (t[k])
        {
            case 'A' when (s.StartsWith("AKIA") || s.StartsWith("ASIA")) && !IsAlnum(Before(k)):
                shapeEnd = Run(k + 4, IsUpperAlnum);
                if (shapeEnd - k == 20 && !IsAlnum(At(shapeEnd)))
                {
                    Emit(k, shapeEnd, "aws_key");
                    end = shapeEnd;
                    return true;
                }

                break;
            case 'g' when !IsWord(Before(k)):
                if (s.StartsWith("github_pat_") && Run(k + 11, IsWordChar) - k >= 11 + 22)
                {
                    end = Run(k + 11, IsWordChar);
                    Emit(k, end, "github_token");
                    return true;
                }

                if (s.Length > 4 && s[0] == 'g' && s[1] == 'h' && s[3] == '_' && s[2] is 'p' or 'o' or 's' or 'u' or 'r'
                    && (shapeEnd = Run(k + 4, IsAlnum)) - k >= 4 + 30 && !IsWord(At(shapeEnd)))
                {
                    Emit(k, shapeEnd, "github_token");
                    end = shapeEnd;
                    return true;
                }

                break;
            case 'h' when s.StartsWith("hf_") && !IsWord(Before(k)):
                shapeEnd = Run(k + 3, IsAlnum);
                if (shapeEnd - k >= 3 + 30 && !IsWord(At(shapeEnd)))
                {
                    Emit(k, shapeEnd, "hf_token");
                    end = shapeEnd;
                    return true;
                }

                break;
            case 'x' when s.Length > 5 && s.StartsWith("xox") && s[3] is 'a' or 'b' or 'p' or 'r' or 's' && s[4] == '-'
                          && !IsWord(Before(k)):
                shapeEnd = Run(k + 5, static c => IsAlnum(c) || c == '-');
                if (shapeEnd - k >= 5 + 10)
                {
                    Emit(k, shapeEnd, "slack_token");
                    end = shapeEnd;
                    return true;
                }

                break;
            case 's' or 'r' when (s.StartsWith("sk_live_") || s.StartsWith("rk_live_") || s.StartsWith("sk_test_") || s.StartsWith("rk_test_"))
                                 && !IsWord(Before(k)):
                shapeEnd = Run(k + 8, IsAlnum);
                if (shapeEnd - k >= 8 + 16 && !IsWord(At(shapeEnd)))
                {
                    Emit(k, shapeEnd, "stripe_key");
                    end = shapeEnd;
                    return true;
                }

                break;
            case 'e' when s.StartsWith("eyJ") && !IsWord(Before(k)):
                shapeEnd = JwtEnd(k);
                if (shapeEnd > 0)
                {
                    Emit(k, shapeEnd, "jwt");
                    end = shapeEnd;
                    return true;
                }

                break;
            case 'B' or 'b' when (s.StartsWith("Bearer") || s.StartsWith("bearer") || s.StartsWith("BEARER")) && !IsLetter(Before(k)):
                if (TryBearer(k + 6, out end))
                {
                    return true;
                }

                break;
            case '-' when s.StartsWith("-----BEGIN "):
                if (TryPrivateKey(k, out end))
                {
                    return true;
                }

                break;
        }

        return TryKeyValue(k, pos, out end);
    }

    private bool TryBearer(int i, out int end)
    {
        var t = _text;
        end = i;
        if (At(i) != ' ')
        {
            return false;
        }

        while (At(i) == ' ')
        {
            i++;
        }

        var jwt = JwtEnd(i);
        if (jwt > 0)
        {
            Emit(i, jwt, "jwt");
            end = jwt;
            return true;
        }

        var e = Run(i, IsTokenChar);
        while (At(e) == '=')
        {
            e++;
        }

        if (!LooksLikeCredential(t.Slice(i, e - i)))
        {
            return false;
        }

        Emit(i, e, "bearer");
        end = e;
        return true;
    }

    /// <summary>A bearer value is random-looking: long enough and with a digit, or long and mixed-case.</summary>
    private static bool LooksLikeCredential(ReadOnlySpan<char> v)
    {
        if (v.Length < 8)
        {
            return false;
        }

        var digit = v.IndexOfAnyInRange('0', '9') >= 0;
        return digit || (v.Length >= 20 && v.IndexOfAnyInRange('A', 'Z') >= 0 && v.IndexOfAnyInRange('a', 'z') >= 0);
    }

    /// <summary>End of a JWT (<c>eyJ…</c> header, payload and optional signature) starting at <paramref name="i"/>, or 0.</summary>
    private readonly int JwtEnd(int i)
    {
        var t = _text;
        if (!t.Slice(i).StartsWith("eyJ"))
        {
            return 0;
        }

        var header = Run(i, IsBase64Url);
        if (header - i < 10 || At(header) != '.')
        {
            return 0;
        }

        var payload = Run(header + 1, IsBase64Url);
        if (payload - header - 1 < 10 || At(payload) != '.')
        {
            return 0;
        }

        return Run(payload + 1, IsBase64Url);
    }

    private bool TryPrivateKey(int k, out int end)
    {
        var t = _text;
        end = k;
        var lineEnd = LineEnd(k);
        var headerClose = IndexIn(t, "-----", k + 11, lineEnd - k - 11);
        if (headerClose < 0 || t.Slice(k + 11, headerClose - k - 11).IndexOf("PRIVATE KEY", StringComparison.Ordinal) < 0)
        {
            return false;
        }

        var endMarker = IndexIn(t, "-----END", headerClose + 5, t.Length - headerClose - 5);
        if (endMarker < 0)
        {
            end = t.Length;
        }
        else
        {
            var close = IndexIn(t, "-----", endMarker + 8, LineEnd(endMarker) - endMarker - 8);
            end = close < 0 ? LineEnd(endMarker) : close + 5;
        }

        Emit(k, k, "private_key");
        // Keep every line break of the block so line numbers never shift.
        var block = t.Slice(k, end - k);
        for (var i = 0; i < block.Length; i++)
        {
            if (block[i] is '\n' or '\r')
            {
                _output!.Append(block[i]);
            }
        }

        _copied = end;
        return true;
    }

    /// <summary><c>key = value</c>, <c>key: value</c>, <c>"key":"value"</c>, <c>key=value</c> where the key names a secret.</summary>
    private bool TryKeyValue(int k, int pos, out int end)
    {
        var t = _text;
        end = k;
        var s = k;
        while (s > pos && IsIdentChar(t[s - 1]))
        {
            s--;
        }

        var e = k;
        while (e < t.Length && IsIdentChar(t[e]))
        {
            e++;
        }

        var type = ClassifyKey(t.Slice(s, e - s));
        if (type is null)
        {
            return false;
        }

        var i = e;
        var keyQuote = "";
        if (At(i) is '"' or '\'')
        {
            keyQuote = At(i) == '"' ? "\"" : "";
            i++;
        }
        else if (At(i) == '\\' && At(i + 1) == '"')
        {
            keyQuote = "\\\"";
            i += 2;
        }

        i = SkipBlanks(i);
        var sep = At(i);
        if (sep is not ('=' or ':'))
        {
            // A command-line flag takes its value after a space: "--password s3cret", "-token abc".
            if (!IsFlagWithValue(s, e, i))
            {
                return false;
            }
        }
        else
        {
            i++;
            if (sep == '=' && At(i) == '=')
            {
                return false;
            }

            if (At(i) == '>' || (sep == ':' && At(i) == '='))
            {
                i++;
            }

            i = SkipBlanks(i);
        }

        int vs, ve;
        var quoted = false;
        var lineEnd = LineEnd(i);
        if (At(i) is '"' or '\'')
        {
            quoted = true;
            vs = i + 1;
            ve = ClosingQuote(vs, lineEnd, t[i]);
            vs = SkipScheme(vs, ve, ref type);
        }
        else if (At(i) == '\\' && At(i + 1) == '"')
        {
            quoted = true;
            vs = i + 2;
            var close = IndexIn(t, "\\\"", vs, lineEnd - vs);
            ve = close < 0 ? lineEnd : close;
            vs = SkipScheme(vs, ve, ref type);
        }
        else
        {
            vs = SkipScheme(i, lineEnd, ref type);
            ve = vs;
            while (ve < lineEnd && !IsValueStop(t[ve]))
            {
                ve++;
            }
        }

        var value = t.Slice(vs, ve - vs);
        if (value.IsEmpty || IsPlaceholderValue(value) || (!quoted && value[0] is '{' or '['))
        {
            return false;
        }

        type = ValueShapeType(vs, ve) ?? type;
        Emit(vs, ve, type, quoted ? "" : keyQuote);
        end = ve;
        return true;
    }

    /// <summary>
    /// True for a secret-named flag (<c>--password</c>, <c>-token</c>) followed by one space and a value that is not
    /// another flag, a quote or the end of the line.
    /// </summary>
    private readonly bool IsFlagWithValue(int keyStart, int keyEnd, int valueStart) =>
        _text[keyStart] == '-' && keyEnd - keyStart > 2 && At(keyEnd) == ' ' && valueStart == keyEnd + 1
        && valueStart < LineEnd(valueStart) && At(valueStart) is not ('-' or '"' or '\'' or ' ' or '\t' or '\r' or '\n' or '\0');

    /// <summary>Skips an HTTP auth scheme ("Bearer ", "Basic ") at the start of a value; Bearer makes it a bearer token.</summary>
    private readonly int SkipScheme(int vs, int limit, ref string type)
    {
        var t = _text;
        foreach (var scheme in AuthSchemes)
        {
            if (vs + scheme.Length < limit && t[vs + scheme.Length] == ' '
                && t.Slice(vs, scheme.Length).Equals(scheme, StringComparison.OrdinalIgnoreCase))
            {
                var i = vs + scheme.Length;
                while (i < limit && t[i] == ' ')
                {
                    i++;
                }

                if (scheme == "Bearer")
                {
                    type = "bearer";
                }

                return i;
            }
        }

        return vs;
    }

    /// <summary>A value with a well-known key shape is typed by its shape rather than by its key name.</summary>
    private readonly string? ValueShapeType(int vs, int ve)
    {
        var v = _text.Slice(vs, ve - vs);
        if (JwtEnd(vs) == ve)
        {
            return "jwt";
        }

        if (v.Length == 20 && (v.StartsWith("AKIA") || v.StartsWith("ASIA")))
        {
            return "aws_key";
        }

        if (v.StartsWith("ghp_") || v.StartsWith("gho_") || v.StartsWith("ghs_") || v.StartsWith("ghu_") || v.StartsWith("github_pat_"))
        {
            return "github_token";
        }

        if (v.StartsWith("hf_") && v.Length >= 33)
        {
            return "hf_token";
        }

        if (v.StartsWith("xox") && v.Length > 5 && v[4] == '-')
        {
            return "slack_token";
        }

        return v.StartsWith("sk_live_") || v.StartsWith("rk_live_") || v.StartsWith("sk_test_") || v.StartsWith("rk_test_")
            ? "stripe_key"
            : null;
    }

    private static string? ClassifyKey(ReadOnlySpan<char> key)
    {
        foreach (var (suffix, type) in KeySuffixes)
        {
            if (key.Length < suffix.Length || !key.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var b = key.Length - suffix.Length;
            if (b == 0 || !char.IsAsciiLetter(key[b - 1]) || (char.IsAsciiLetterUpper(key[b]) && char.IsAsciiLetterLower(key[b - 1])))
            {
                return type;
            }
        }

        return null;
    }

    private static bool IsPlaceholderValue(ReadOnlySpan<char> v) =>
        v.StartsWith("[REDACTED", StringComparison.Ordinal)
        || v.IndexOfAnyExcept('*', 'x', 'X') < 0
        || v.Equals("null", StringComparison.OrdinalIgnoreCase)
        || v.Equals("none", StringComparison.OrdinalIgnoreCase)
        || v.Equals("true", StringComparison.OrdinalIgnoreCase)
        || v.Equals("false", StringComparison.OrdinalIgnoreCase)
        || v.Equals("undefined", StringComparison.OrdinalIgnoreCase)
        || v.Equals("<redacted>", StringComparison.OrdinalIgnoreCase)
        || StateWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(v)
        || IsObjectDescription(v);

    /// <summary>
    /// A runtime's description of an object, not a secret: Java's identity <c>a.b.BinderProxy@2bd79ce</c>, or Android's
    /// <c>Token{a64f992</c> (the value is cut at the space that follows).
    /// </summary>
    private static bool IsObjectDescription(ReadOnlySpan<char> v)
    {
        var mark = v.IndexOfAny('@', '{');
        if (mark <= 0 || !char.IsAsciiLetter(v[0]) || v[..mark].IndexOfAnyExcept(ObjectNameChars) >= 0)
        {
            return false;
        }

        var hash = v[(mark + 1)..];
        return hash.Length is >= 4 and <= 16 && !hash.ContainsAnyExcept(HexDigits)
            && (v[mark] == '@' || char.IsAsciiLetterUpper(v[0]));
    }

    private readonly int ClosingQuote(int from, int lineEnd, char quote)
    {
        var t = _text;
        for (var i = from; i < lineEnd; i++)
        {
            if (t[i] == '\\')
            {
                i++;
            }
            else if (t[i] == quote)
            {
                return i;
            }
        }

        return lineEnd;
    }

    // ---------------------------------------------------------------- '@': URL credentials and emails

    private bool TryAt(int a, int pos, out int end)
    {
        var t = _text;
        end = a;
        var u = a;
        while (u > pos && !IsUserInfoStop(t[u - 1]))
        {
            u--;
        }

        if (u >= 3 && t[u - 1] == '/' && t[u - 2] == '/' && t[u - 3] == ':')
        {
            // scheme://user:password@host — the password may itself contain '@': use the authority's last '@'.
            var last = a;
            for (var i = a + 1; i < t.Length && (t[i] == '@' || !IsUserInfoStop(t[i])) && t[i] is not ('?' or '#'); i++)
            {
                if (t[i] == '@')
                {
                    last = i;
                }
            }

            var colon = IndexIn(t, ":", u, last - u);
            if (colon < 0 || colon + 1 == last)
            {
                return false;
            }

            Emit(colon + 1, last, "url_credentials");
            end = last;
            return true;
        }

        var l = a;
        while (l > pos && IsEmailLocal(t[l - 1]))
        {
            l--;
        }

        while (l < a && t[l] == '.')
        {
            l++;
        }

        if (l == a)
        {
            return false;
        }

        var r = a + 1;
        var labelStart = r;
        var dots = 0;
        while (r < t.Length)
        {
            var c = t[r];
            if (char.IsAsciiLetterOrDigit(c) || c == '-')
            {
                r++;
                continue;
            }

            if (c == '.' && r > labelStart && char.IsAsciiLetterOrDigit(At(r + 1)))
            {
                dots++;
                r++;
                labelStart = r;
                continue;
            }

            break;
        }

        var tldLength = r - labelStart;
        var tldIsWord = tldLength >= 2 && IsAllAsciiLetters(t.Slice(labelStart, tldLength));
        if (dots == 0 || !tldIsWord || t[a + 1] == '-')
        {
            return false;
        }

        Emit(l, r, "email");
        end = r;
        return true;
    }

    private static bool IsAllAsciiLetters(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    // ---------------------------------------------------------------- card numbers (Luhn)

    /// <summary>
    /// Finds the next card number at or after <paramref name="from"/>. A card spans at least 13 characters of
    /// digits, spaces and dashes, so probing every 13th character finds every such run.
    /// </summary>
    private readonly void FindCard(int from, out int start, out int end)
    {
        var t = _text;
        var p = from + MinCardRun - 1;
        while (p < t.Length)
        {
            if (!IsCardChar(t[p]))
            {
                p += MinCardRun;
                continue;
            }

            var l = p;
            while (l > from && IsCardChar(t[l - 1]))
            {
                l--;
            }

            var r = p + 1;
            while (r < t.Length && IsCardChar(t[r]))
            {
                r++;
            }

            if (r - l >= MinCardRun && TryCardInRun(l, r, out start, out end))
            {
                return;
            }

            p = r + MinCardRun;
        }

        start = None;
        end = None;
    }

    private readonly bool TryCardInRun(int l, int r, out int start, out int end)
    {
        var t = _text;
        start = None;
        end = None;
        var digits = 0;
        for (var i = l; i < r; i++)
        {
            if (char.IsAsciiDigit(t[i]))
            {
                digits++;
            }
        }

        if (digits < MinCardRun)
        {
            return false;
        }

        var g = l;
        while (g < r)
        {
            if (!char.IsAsciiDigit(t[g]))
            {
                g++;
                continue;
            }

            var s = g;
            while (g < r && char.IsAsciiDigit(t[g]))
            {
                g++;
            }

            var length = g - s;
            if (t[s] is < '2' or > '6')
            {
                continue;
            }

            if (length is >= 13 and <= 19 && IsCard(s, g))
            {
                start = s;
                end = g;
                return true;
            }

            if (length == 4 && TryGroupedCard(s, g, r, out end))
            {
                start = s;
                return true;
            }
        }

        return false;
    }

    /// <summary>4-4-4-4(-3), 4-4-4-1..4, 4-6-5 (Amex) and 4-6-4 (Diners), one separator kind throughout.</summary>
    private readonly bool TryGroupedCard(int s, int firstEnd, int r, out int end)
    {
        var t = _text;
        end = None;
        if (firstEnd + 1 >= r || t[firstEnd] is not (' ' or '-'))
        {
            return false;
        }

        var separator = t[firstEnd];
        Span<int> lengths = stackalloc int[5];
        Span<int> ends = stackalloc int[5];
        lengths[0] = 4;
        ends[0] = firstEnd;
        var count = 1;
        var p = firstEnd;
        while (count < 5 && p + 1 < r && t[p] == separator && char.IsAsciiDigit(t[p + 1]))
        {
            var q = p + 1;
            while (q < r && char.IsAsciiDigit(t[q]))
            {
                q++;
            }

            lengths[count] = q - p - 1;
            ends[count] = q;
            count++;
            p = q;
        }

        var fours = count > 3 && lengths[1] == 4 && lengths[2] == 4;
        if (count == 5 && fours && lengths[3] == 4 && lengths[4] == 3 && IsCard(s, ends[4]))
        {
            end = ends[4];
            return true;
        }

        if (fours && lengths[3] is >= 1 and <= 4 && IsCard(s, ends[3]))
        {
            end = ends[3];
            return true;
        }

        if (count >= 3 && lengths[1] == 6 && lengths[2] is 4 or 5 && IsCard(s, ends[2]))
        {
            end = ends[2];
            return true;
        }

        return false;
    }

    private readonly bool IsCard(int start, int end)
    {
        var t = _text;
        if (t[start] is < '2' or > '6')
        {
            return false;
        }

        // Not a fragment of an identifier or a longer number: blk_-6952295868487656571, v1.4111111111111111, …
        var before = Before(start);
        if (before == '-')
        {
            var beforeDash = Before(start - 1);
            if (beforeDash != '\0' && !char.IsWhiteSpace(beforeDash))
            {
                return false;
            }
        }
        else if (before != ' ' && (IsWord(before) || before is '.' or '/' or '+' or '\\' or '#' or '$' or '%' or '-'))
        {
            return false;
        }

        var after = At(end);
        if (IsWord(after) || after is '/' or '%' || (after is '.' or ',' or '-' && char.IsAsciiLetterOrDigit(At(end + 1))))
        {
            return false;
        }

        var sum = 0;
        var even = false;
        for (var i = end - 1; i >= start; i--)
        {
            var c = t[i];
            if (!char.IsAsciiDigit(c))
            {
                continue;
            }

            var d = c - '0';
            if (even)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            even = !even;
        }

        return sum % 10 == 0;
    }

    // ---------------------------------------------------------------- character helpers

    /// <summary>Index of <paramref name="value"/> in [<paramref name="start"/>, +<paramref name="count"/>) of the text, or -1.</summary>
    private static int IndexIn(ReadOnlySpan<char> t, string value, int start, int count)
    {
        if (count < 0 || start < 0 || start + count > t.Length)
        {
            return -1;
        }

        var i = t.Slice(start, count).IndexOf(value, StringComparison.Ordinal);
        return i < 0 ? -1 : start + i;
    }

    private readonly char At(int i) => (uint)i < (uint)_text.Length ? _text[i] : '\0';

    private readonly char Before(int i) => i > 0 && i <= _text.Length ? _text[i - 1] : '\0';

    private readonly int Run(int i, Func<char, bool> accept)
    {
        var t = _text;
        while (i < t.Length && accept(t[i]))
        {
            i++;
        }

        return i;
    }

    private readonly int SkipBlanks(int i)
    {
        while (At(i) is ' ' or '\t')
        {
            i++;
        }

        return i;
    }

    private readonly int LineEnd(int i)
    {
        var t = _text;
        if (i >= t.Length)
        {
            return t.Length;
        }

        var e = t.Slice(i).IndexOfAny('\n', '\r');
        return e < 0 ? t.Length : i + e;
    }

    private static bool IsAlnum(char c) => char.IsAsciiLetterOrDigit(c);

    private static bool IsLetter(char c) => char.IsAsciiLetter(c);

    private static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsWordChar(char c) => IsWord(c);

    private static bool IsUpperAlnum(char c) => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c);

    private static bool IsBase64Url(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/';

    private static bool IsIdentChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    private static bool IsValueStop(char c) => c is ' ' or '\t' or ',' or ';' or '&' or '"' or '\'' or ')' or ']' or '}' or '\r' or '\n';

    private static bool IsUserInfoStop(char c) =>
        char.IsWhiteSpace(c) || c is '/' or '@' or '"' or '\'' or '<' or '>' or '(' or ')' or '[' or ']' or '{' or '}' or ',' or '\0';

    private static bool IsEmailLocal(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    private static bool IsCardChar(char c) => char.IsAsciiDigit(c) || c is ' ' or '-';
}
