using Hamdel.Text.Normalization;

namespace Hamdel.Text.Languages;

/// <summary>The detected language of a text and how sure the detector is (0–1).</summary>
/// <param name="Language">One of <see cref="LanguageCodes"/>.</param>
/// <param name="Confidence">A heuristic certainty in [0, 1], not a calibrated probability.</param>
public readonly record struct LanguageGuess(string Language, double Confidence);

/// <summary>
/// Tells Persian, Arabic and English apart, and everything else as "other" or "und", in texts
/// as short as one word.
/// </summary>
/// <remarks>
/// <para>Script first: the Arabic script wins when it has at least 30% of the letters, because
/// Latin words inside Persian and Arabic customer messages are mostly brand and product names
/// ("اپ snappfood کرش کرد" is Persian). Other scripts (Cyrillic, Hebrew, CJK ...) give "other";
/// no letters at all (digits, emoji, punctuation) gives "und".</para>
/// <para>Persian or Arabic: letters only one of them uses (پ چ ژ گ ۀ vs ة ى أ إ ؤ) count strongly,
/// the keyboard variants ی ک vs ي ك weakly, and frequent function words and the Arabic article ال
/// count most, so Arabic typed on a Persian keyboard (ی, ک) is still Arabic. With no evidence
/// either way the answer is Persian at low confidence.</para>
/// <para>Latin script: English when English words outnumber Finglish/Arabizi and other-language
/// markers; Finglish ("ghaza kheili sard bood"), Arabizi ("7abibi") and other Latin languages are
/// "other". Latin text with no evidence either way is English at low confidence.</para>
/// </remarks>
public static class LanguageDetector
{
    // Short texts decide as well as long ones; reading more than this only costs time.
    private const int MaxChars = 2048;
    private const int MaxToken = 32;

    /// <summary>Detects the language of <paramref name="text"/>; never throws.</summary>
    public static LanguageGuess Detect(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new(LanguageCodes.Unknown, 1);
        }

        var span = text.AsSpan(0, Math.Min(text.Length, MaxChars));
        double arabicScript = 0, latin = 0, otherScript = 0;
        double fa = 0, ar = 0, en = 0, notEn = 0;
        Span<char> token = stackalloc char[MaxToken];
        var tokenLength = 0;
        var tokenIsLatin = false;
        var latinTokenHasDigit = false;
        var faLookup = FunctionWords.Persian.GetAlternateLookup<ReadOnlySpan<char>>();
        var arLookup = FunctionWords.Arabic.GetAlternateLookup<ReadOnlySpan<char>>();
        var alLookup = FunctionWords.PersianAlWords.GetAlternateLookup<ReadOnlySpan<char>>();
        var enLookup = FunctionWords.English.GetAlternateLookup<ReadOnlySpan<char>>();
        var otherLookup = FunctionWords.LatinNonEnglish.GetAlternateLookup<ReadOnlySpan<char>>();

        for (var i = 0; i <= span.Length; i++)
        {
            var c = i < span.Length ? span[i] : ' ';
            if (Chars.IsArabicLetter(c) || (Chars.IsArabicDiacritic(c) && tokenLength > 0 && !tokenIsLatin))
            {
                if (Chars.IsArabicDiacritic(c))
                {
                    continue;
                }

                if (tokenIsLatin && tokenLength > 0)
                {
                    CloseToken(token[..tokenLength], true);
                    tokenLength = 0;
                }

                tokenIsLatin = false;
                arabicScript++;
                switch (c)
                {
                    case '\u067E' or '\u0686' or '\u0698' or '\u06AF' or '\u06C0':
                        fa += 3;
                        break;
                    case Chars.FaYeh or Chars.FaKeheh:
                        fa += 0.3;
                        break;
                    case Chars.TehMarbuta or '\u0623' or '\u0625' or '\u0624':
                        ar += 2;
                        break;
                    case Chars.ArAlefMaksura:
                        ar += 1.5;
                        break;
                    case Chars.ArYeh or Chars.ArKaf or '\u0626':
                        ar += 0.3;
                        break;
                    default:
                        break;
                }

                if (tokenLength < MaxToken)
                {
                    token[tokenLength++] = FoldArabic(c);
                }

                continue;
            }

            if (c == Chars.Zwnj || c == Chars.Tatweel)
            {
                continue;
            }

            if (Chars.IsLatinLetter(c) || (tokenIsLatin && tokenLength > 0 && (c == '\'' || char.IsAsciiDigit(c))))
            {
                if (!tokenIsLatin && tokenLength > 0)
                {
                    CloseToken(token[..tokenLength], false);
                    tokenLength = 0;
                }

                if (Chars.IsLatinLetter(c))
                {
                    latin++;
                    if (c > '\u007F')
                    {
                        notEn += 0.5;
                    }
                }
                else if (char.IsAsciiDigit(c))
                {
                    latinTokenHasDigit = true;
                }

                tokenIsLatin = true;
                if (tokenLength < MaxToken)
                {
                    token[tokenLength++] = char.ToLowerInvariant(c);
                }

                continue;
            }

            if (tokenLength > 0)
            {
                CloseToken(token[..tokenLength], tokenIsLatin);
                tokenLength = 0;
            }

            if (c is >= '\u06F0' and <= '\u06F9')
            {
                fa += 0.5;
            }
            else if (c is >= '\u0660' and <= '\u0669')
            {
                ar += 0.5;
            }
            else if (char.IsLetter(c))
            {
                otherScript++;
            }
        }

        var letters = arabicScript + latin + otherScript;
        if (letters == 0)
        {
            return new(LanguageCodes.Unknown, 1);
        }

        if (otherScript > arabicScript && otherScript > latin)
        {
            return new(LanguageCodes.Other, otherScript / letters);
        }

        if (arabicScript >= 0.3 * (arabicScript + latin))
        {
            if (fa == 0 && ar == 0)
            {
                return new(LanguageCodes.Persian, 0.5);
            }

            var margin = Math.Abs(fa - ar) / (fa + ar + 1);
            return fa >= ar
                ? new(LanguageCodes.Persian, 0.5 + (0.5 * margin))
                : new(LanguageCodes.Arabic, 0.5 + (0.5 * margin));
        }

        if (notEn > en)
        {
            return new(LanguageCodes.Other, 0.5 + (0.5 * (notEn - en) / (notEn + en + 1)));
        }

        return en == 0
            ? new(LanguageCodes.English, 0.4)
            : new(LanguageCodes.English, 0.5 + (0.5 * (en - notEn) / (en + notEn + 1)));

        void CloseToken(ReadOnlySpan<char> word, bool isLatin)
        {
            if (isLatin)
            {
                if (latinTokenHasDigit && HasDigitBetweenLetters(word))
                {
                    // Arabizi writes ع, ح, ء as 3, 7, 2 inside words ("7abibi", "3ala").
                    notEn += 2;
                }
                else if (enLookup.Contains(word))
                {
                    en += 2;
                }
                else if (otherLookup.Contains(word))
                {
                    notEn += 2;
                }
                else if (word.Length > 2 && IsEnglishLexiconWord(word))
                {
                    en += 1;
                }

                latinTokenHasDigit = false;
                return;
            }

            if (faLookup.Contains(word))
            {
                fa += 4;
            }
            else if (arLookup.Contains(word))
            {
                ar += 4;
            }
            else if (word.Length >= 4 && word[0] == '\u0627' && word[1] == '\u0644' && !alLookup.Contains(word))
            {
                ar += 2;
            }
            else if (word.Length >= 5 && (word[0] is '\u0648' or '\u0628' or '\u0641') && word[1] == '\u0627' && word[2] == '\u0644')
            {
                ar += 1.5;
            }
        }
    }

    private static bool HasDigitBetweenLetters(ReadOnlySpan<char> word)
    {
        for (var i = 0; i < word.Length; i++)
        {
            if (char.IsAsciiDigit(word[i]) && (i > 0 ? char.IsAsciiLetter(word[i - 1]) : i + 1 < word.Length && char.IsAsciiLetter(word[i + 1])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsEnglishLexiconWord(ReadOnlySpan<char> word) =>
        Sentiment.Lexicons.English.ContainsWord(word);

    private static char FoldArabic(char c) => c switch
    {
        Chars.ArYeh or Chars.ArAlefMaksura or '\u0626' => Chars.FaYeh,
        Chars.ArKaf => Chars.FaKeheh,
        '\u0623' or '\u0625' or '\u0671' => '\u0627',
        '\u0624' => '\u0648',
        Chars.TehMarbuta => Chars.Heh,
        _ => c,
    };
}
