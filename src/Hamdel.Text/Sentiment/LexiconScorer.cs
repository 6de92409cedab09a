using Hamdel.Text.Languages;
using Hamdel.Text.Normalization;

namespace Hamdel.Text.Sentiment;

/// <summary>What the lexicon and rules found in one text.</summary>
internal readonly record struct LexiconScore(float Sum, float Positive, float Negative, int Hits, int Negations, bool Contrast)
{
    /// <summary>VADER's normalisation of a valence sum into (−1, 1).</summary>
    public float Compound => Sum / MathF.Sqrt((Sum * Sum) + 15f);
}

/// <summary>
/// Scores a tokenised text with the language's lexicon and rules (in the spirit of VADER,
/// Hutto and Gilbert 2014, written anew for three languages): phrases before words, intensifiers
/// ×1.3 and diminishers ×0.6 on the nearest sentiment word, negation (forward for English and
/// Arabic and for Persian نه/بدون, backward for Persian negated verbs such as نبود), and contrast:
/// before the last "but" ×0.5, after it ×1.5.
/// </summary>
internal static class LexiconScorer
{
    private const int Window = 3;
    private const int PersianForwardWindow = 2;
    private const float Intensify = 1.3f;
    private const float Diminish = 0.6f;

    // Negating praise makes a complaint, negating a complaint only a mild compliment ("not bad").
    private const float NegatePositive = -0.74f;
    private const float NegateNegative = -0.5f;

    // A Persian negated verb that negates no sentiment word ("جواب نداد", "هنوز نرسیده", "دیگه نمیام")
    // usually reports something expected that did not happen: a mild complaint, like «نبود» in the lexicon.
    private const float UnmetExpectation = -0.5f;

    // A concessive clause («با اینکه دیر رسید، ...») is background to the main clause after it.
    private const float Concessive = 0.5f;

    private const byte RoleNone = 0;
    private const byte RoleForwardNegator = 1;
    private const byte RoleBackwardNegator = 2;
    private const byte RoleIntensifier = 3;
    private const byte RoleDiminisher = 4;
    private const byte RoleContrast = 5;
    private const byte RoleBoundary = 6;
    private const byte RoleConsumed = 7;
    private const byte RoleVerb = 8;

    private static readonly string[] PersianSuffixes = ["هایی", "های", "ها", "ترین", "تر", "ست", "ه", "ی", "ام", "اش", "ش", "مون", "تون", "شون", "م", "ت", "و", "رو", "ید", "ند", "ین", "ن", "انه", "یه", "ای"];

    // بی‌ (without), نا‌ (un-), غیر (non-) turn a word's meaning round: بی‌کیفیت, نامنظم, غیرحرفه‌ای, بی‌دردسر.
    private static readonly string[] PersianPrivativePrefixes = ["بی", "نا", "غیر"];
    private static readonly string[] ArabicPrefixes = ["وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل"];
    private static readonly string[] ArabicSuffixes = ["هما", "ها", "هم", "كم", "نا", "ين", "ون", "ات", "ه", "ك", "ي", "ا"];

    /// <summary>Scores <paramref name="tokens"/> of <paramref name="text"/>; <paramref name="negated"/> marks tokens inside a negation.</summary>
    public static LexiconScore Score(string text, ReadOnlySpan<Token> tokens, string language, Span<bool> negated)
    {
        var n = tokens.Length;
        if (n == 0)
        {
            return default;
        }

        var rules = LanguageRules.For(language);
        var lexicon = Lexicons.For(language);
        var english = Lexicons.English;
        Span<float> valence = n <= 256 ? stackalloc float[n] : new float[n];
        Span<byte> role = n <= 256 ? stackalloc byte[n] : new byte[n];
        valence.Clear();
        role.Clear();
        negated.Clear();
        Span<char> buffer = stackalloc char[64];
        var exclamations = 0;
        var lastContrast = -1;
        var persian = rules.BackwardNegation;
        Span<int> concessive = stackalloc int[4];
        var concessives = 0;
        var lastEmoji = -1;
        var emojiRepeat = 0;

        for (var i = 0; i < n; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case TokenKind.Punctuation:
                    if (token.IsClauseBoundary(text))
                    {
                        role[i] = RoleBoundary;
                    }

                    if (text[token.Start] == '!')
                    {
                        exclamations++;
                    }

                    continue;
                case TokenKind.Emoji:
                    {
                        var codePoint = char.IsHighSurrogate(text[token.Start]) && token.Length > 1 && char.IsLowSurrogate(text[token.Start + 1])
                            ? char.ConvertToUtf32(text[token.Start], text[token.Start + 1])
                            : text[token.Start];
                        emojiRepeat = codePoint == lastEmoji ? emojiRepeat + 1 : 0;
                        lastEmoji = codePoint;

                        // "😡😡😡😡😡" is one angry customer, not five.
                        if (emojiRepeat < 3 && Lexicons.Emoji.TryGetValue(codePoint, out var v))
                        {
                            valence[i] = v;
                        }

                        continue;
                    }

                case TokenKind.Emoticon:
                    if (english.TryGet(token.In(text), out var emoticon) && !float.IsNaN(emoticon.Valence))
                    {
                        valence[i] = emoticon.Valence;
                    }

                    continue;
                default:
                    break;
            }

            var word = StripZwnj(token.In(text), buffer[..32]);
            var latin = Chars.IsLatinLetter(word[0]);
            var lex = latin ? english : lexicon;

            if (lex.TryGet(word, out var entry) && entry.Phrases is { } phrases)
            {
                var matched = MatchPhrase(text, tokens, i, phrases, buffer[32..]);
                if (matched.Length > 0)
                {
                    valence[i] = matched.Valence;
                    for (var k = 1; k <= matched.Length; k++)
                    {
                        // "عالی بود" is one phrase, but its verb still closes the clause for negation.
                        role[i + k] = rules.BackwardNegation && LanguageRules.IsPersianVerb(StripZwnj(tokens[i + k].In(text), buffer[32..]))
                            ? RoleVerb
                            : RoleConsumed;
                    }

                    i += matched.Length;
                    continue;
                }
            }

            if (persian && concessives < concessive.Length && IsPersianConcessive(text, tokens, i, word))
            {
                concessive[concessives++] = i;
            }

            var wordRules = latin ? LanguageRules.English : rules;
            var wordRole = entry?.Role ?? WordRole.None;
            if (wordRole == WordRole.Contrast)
            {
                role[i] = RoleContrast;
                lastContrast = i;
                continue;
            }

            if (wordRole == WordRole.Negator || (wordRole == WordRole.None && wordRules.IsNegatorByForm(word)))
            {
                var backward = wordRules.BackwardNegation && !IsPersianForwardNegator(word);
                role[i] = backward ? RoleBackwardNegator : RoleForwardNegator;

                // A negated verb may carry its own meaning ("نرسید": it did not arrive).
                if (backward)
                {
                    valence[i] = entry is not null && !float.IsNaN(entry.Valence) ? entry.Valence : Fallback(lex, word, buffer[32..]);
                    if (valence[i] == 0 && lex.Language == LanguageCodes.Persian)
                    {
                        valence[i] = UnmetExpectation;
                    }
                }

                continue;
            }

            if (wordRules.BackwardNegation && wordRole == WordRole.None && (entry is null || float.IsNaN(entry.Valence)) && LanguageRules.IsPersianVerb(word))
            {
                role[i] = RoleVerb;
                continue;
            }

            if (wordRole == WordRole.Intensifier)
            {
                role[i] = RoleIntensifier;
                continue;
            }

            if (wordRole == WordRole.Diminisher)
            {
                role[i] = RoleDiminisher;
                continue;
            }

            if (entry is not null && !float.IsNaN(entry.Valence))
            {
                valence[i] = entry.Valence;
            }
            else if (char.IsLetter(word[0]))
            {
                valence[i] = Fallback(lex, word, buffer[32..]);
            }
        }

        for (var i = 0; i < n; i++)
        {
            switch (role[i])
            {
                case RoleIntensifier:
                    Scale(valence, role, i, Intensify);
                    break;
                case RoleDiminisher:
                    Scale(valence, role, i, Diminish);
                    break;
                default:
                    break;
            }
        }

        var negations = 0;
        for (var i = 0; i < n; i++)
        {
            if (role[i] == RoleForwardNegator)
            {
                // Persian «بدون»/«نه» govern a short noun phrase, not the verb after it («بدون اطلاع کنسل شد»).
                var window = persian ? PersianForwardWindow : Window;
                for (var k = i + 1; k < n && k <= i + window && role[k] is not (RoleBoundary or RoleContrast); k++)
                {
                    negated[k] = true;
                    if (valence[k] != 0)
                    {
                        valence[k] *= valence[k] > 0 ? NegatePositive : NegateNegative;
                        negations++;

                        // Persian «بدون»/«نه» negate the word they govern: «بدون دردسر و زودتر» keeps «زودتر».
                        if (persian)
                        {
                            break;
                        }
                    }
                }
            }
            else if (role[i] == RoleBackwardNegator)
            {
                var flipped = false;
                for (var k = i - 1; k >= 0 && k >= i - Window && role[k] is not (RoleBoundary or RoleContrast or RoleBackwardNegator or RoleVerb); k--)
                {
                    negated[k] = true;
                    if (valence[k] != 0)
                    {
                        valence[k] *= valence[k] > 0 ? NegatePositive : NegateNegative;
                        flipped = true;
                        negations++;

                        // The verb negates its predicate, the word right before it, not the subject:
                        // in «مشکلم درست نشد» only «درست» turns; «گرم و تازه نبود» turns both.
                        if (k >= 2 && role[k - 2] == RoleNone && valence[k - 2] != 0 && tokens[k - 1].In(text) is "و")
                        {
                            negated[k - 1] = negated[k - 2] = true;
                            valence[k - 2] *= valence[k - 2] > 0 ? NegatePositive : NegateNegative;
                            negations++;
                        }

                        break;
                    }
                }

                if (flipped)
                {
                    valence[i] = 0;
                }
            }
        }

        for (var c = 0; c < concessives; c++)
        {
            for (var k = concessive[c]; k < n && role[k] is not (RoleBoundary or RoleContrast); k++)
            {
                valence[k] *= Concessive;
            }
        }

        float sum = 0, positive = 0, negative = 0;
        var hits = 0;
        for (var i = 0; i < n; i++)
        {
            var v = valence[i];
            if (v == 0)
            {
                continue;
            }

            if (lastContrast >= 0)
            {
                v *= i < lastContrast ? 0.5f : 1.5f;
            }

            hits++;
            sum += v;
            if (v > 0)
            {
                positive += v;
            }
            else
            {
                negative += v;
            }
        }

        if (sum != 0 && exclamations > 0)
        {
            sum += MathF.CopySign(0.292f * Math.Min(exclamations, 4), sum);
        }

        return new LexiconScore(sum, positive, negative, hits, negations, lastContrast >= 0);
    }

    private static bool IsPersianForwardNegator(ReadOnlySpan<char> word) =>
        word is "نه" or "بدون";

    /// <summary>«اگرچه», «هرچند», «با اینکه», «با این که», «با وجود اینکه»: the start of a concessive clause.</summary>
    private static bool IsPersianConcessive(string text, ReadOnlySpan<Token> tokens, int i, ReadOnlySpan<char> word)
    {
        if (word is "اگرچه" or "هرچند")
        {
            return true;
        }

        if (word is not "با" || i + 1 >= tokens.Length)
        {
            return false;
        }

        var next = tokens[i + 1].In(text);
        if (next is "اینکه")
        {
            return true;
        }

        if (i + 2 >= tokens.Length)
        {
            return false;
        }

        var after = tokens[i + 2].In(text);
        return (next is "این" && after is "که") || (next is "وجود" && after is "اینکه");
    }

    // Intensifiers usually precede what they strengthen ("very good", "خیلی خوب"), but Arabic
    // "جدا", "اوي" follow it ("جيد جدا"): look ahead first, then back.
    private static void Scale(Span<float> valence, ReadOnlySpan<byte> role, int i, float factor)
    {
        for (var k = i + 1; k < valence.Length && k <= i + 2 && role[k] is not (RoleBoundary or RoleContrast); k++)
        {
            if (valence[k] != 0)
            {
                valence[k] *= factor;
                return;
            }
        }

        for (var k = i - 1; k >= 0 && k >= i - 2 && role[k] is not (RoleBoundary or RoleContrast); k--)
        {
            if (valence[k] != 0)
            {
                valence[k] *= factor;
                return;
            }
        }
    }

    private static (int Length, float Valence) MatchPhrase(string text, ReadOnlySpan<Token> tokens, int i, List<Lexicon.Phrase> phrases, Span<char> buffer)
    {
        foreach (var phrase in phrases)
        {
            var rest = phrase.Rest;
            if (i + rest.Length >= tokens.Length)
            {
                continue;
            }

            var ok = true;
            for (var k = 0; k < rest.Length && ok; k++)
            {
                var next = tokens[i + 1 + k];
                ok = next.Kind is TokenKind.Word or TokenKind.Emoticon && StripZwnj(next.In(text), buffer).SequenceEqual(rest[k]);
            }

            if (ok)
            {
                return (rest.Length, phrase.Valence);
            }
        }

        return (0, 0);
    }

    private static ReadOnlySpan<char> StripZwnj(ReadOnlySpan<char> word, Span<char> buffer)
    {
        if (word.IndexOf(Chars.Zwnj) < 0 || word.Length > 32)
        {
            return word;
        }

        var n = 0;
        foreach (var c in word)
        {
            if (c != Chars.Zwnj)
            {
                buffer[n++] = c;
            }
        }

        return buffer[..n];
    }

    /// <summary>Light stemming for words the lexicon lacks: Persian suffixes, Arabic clitics, English elongation.</summary>
    private static float Fallback(Lexicon lexicon, ReadOnlySpan<char> word, Span<char> scratch)
    {
        if (lexicon.Language == LanguageCodes.Persian && !Chars.IsLatinLetter(word[0]))
        {
            if (TryPersianStem(lexicon, word, out var v))
            {
                return v;
            }

            foreach (var prefix in PersianPrivativePrefixes)
            {
                // At least three letters left, so «بیمه» is not «بی» + «مه».
                if (word.Length - prefix.Length >= 3 && word.StartsWith(prefix, StringComparison.Ordinal)
                    && (TryValence(lexicon, word[prefix.Length..], out v) || TryPersianStem(lexicon, word[prefix.Length..], out v)))
                {
                    // Without a good thing is bad; without a bad thing only mildly good (بی‌دردسر).
                    return v > 0 ? -0.8f * v : -0.6f * v;
                }
            }

            return 0;
        }

        if (lexicon.Language == LanguageCodes.Arabic && !Chars.IsLatinLetter(word[0]))
        {
            foreach (var prefix in ArabicPrefixes)
            {
                if (word.Length - prefix.Length >= 2 && word.StartsWith(prefix, StringComparison.Ordinal))
                {
                    if (TryValence(lexicon, word[prefix.Length..], out var v))
                    {
                        return v;
                    }

                    if (TrySuffixes(lexicon, word[prefix.Length..], out v))
                    {
                        return v;
                    }
                }
            }

            return TrySuffixes(lexicon, word, out var s) ? s : 0;
        }

        // "soo", "niice": the normaliser keeps two of an elongated Latin letter.
        if (word.Length <= scratch.Length)
        {
            var n = 0;
            for (var i = 0; i < word.Length; i++)
            {
                if (i == 0 || word[i] != word[i - 1])
                {
                    scratch[n++] = word[i];
                }
            }

            if (n < word.Length && TryValence(lexicon, scratch[..n], out var v))
            {
                return v;
            }
        }

        return 0;
    }

    /// <summary>Strips up to two Persian suffixes: «گرون‌تره» → «گرون», «بی‌انصافیه» → «بی‌انصاف».</summary>
    private static bool TryPersianStem(Lexicon lexicon, ReadOnlySpan<char> word, out float valence)
    {
        foreach (var suffix in PersianSuffixes)
        {
            if (word.Length - suffix.Length < 2 || !word.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var stem = word[..^suffix.Length];
            if (TryValence(lexicon, stem, out valence))
            {
                return true;
            }

            foreach (var inner in PersianSuffixes)
            {
                if (stem.Length - inner.Length >= 2 && stem.EndsWith(inner, StringComparison.Ordinal)
                    && TryValence(lexicon, stem[..^inner.Length], out valence))
                {
                    return true;
                }
            }
        }

        valence = 0;
        return false;
    }

    private static bool TrySuffixes(Lexicon lexicon, ReadOnlySpan<char> word, out float valence)
    {
        foreach (var suffix in ArabicSuffixes)
        {
            if (word.Length - suffix.Length >= 2 && word.EndsWith(suffix, StringComparison.Ordinal)
                && TryValence(lexicon, word[..^suffix.Length], out valence))
            {
                return true;
            }
        }

        valence = 0;
        return false;
    }

    private static bool TryValence(Lexicon lexicon, ReadOnlySpan<char> word, out float valence)
    {
        if (lexicon.TryGet(word, out var entry) && !float.IsNaN(entry.Valence))
        {
            valence = entry.Valence;
            return true;
        }

        valence = 0;
        return false;
    }
}
