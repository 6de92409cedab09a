namespace Hamdel.Text.Languages;

/// <summary>Language codes the library reports and accepts (BCP 47 primary subtags).</summary>
public static class LanguageCodes
{
    /// <summary>Persian.</summary>
    public const string Persian = "fa";

    /// <summary>Arabic (standard and dialects).</summary>
    public const string Arabic = "ar";

    /// <summary>English.</summary>
    public const string English = "en";

    /// <summary>A language the library does not analyse, including Persian or Arabic written in Latin letters (Finglish, Arabizi).</summary>
    public const string Other = "other";

    /// <summary>No language can be told: empty text, digits, punctuation or emoji only ("und" is BCP 47's undetermined).</summary>
    public const string Unknown = "und";

    /// <summary>Maps a hint such as "fa-IR", "AR" or "english" to a supported code, or null when it is not one.</summary>
    public static string? FromHint(string? hint)
    {
        if (string.IsNullOrWhiteSpace(hint))
        {
            return null;
        }

        var span = hint.AsSpan().Trim();
        var dash = span.IndexOfAny('-', '_');
        if (dash > 0)
        {
            span = span[..dash];
        }

        if (span.Equals("fa", StringComparison.OrdinalIgnoreCase) || span.Equals("per", StringComparison.OrdinalIgnoreCase)
            || span.Equals("fas", StringComparison.OrdinalIgnoreCase) || span.Equals("persian", StringComparison.OrdinalIgnoreCase)
            || span.Equals("farsi", StringComparison.OrdinalIgnoreCase))
        {
            return Persian;
        }

        if (span.Equals("ar", StringComparison.OrdinalIgnoreCase) || span.Equals("ara", StringComparison.OrdinalIgnoreCase)
            || span.Equals("arabic", StringComparison.OrdinalIgnoreCase))
        {
            return Arabic;
        }

        if (span.Equals("en", StringComparison.OrdinalIgnoreCase) || span.Equals("eng", StringComparison.OrdinalIgnoreCase)
            || span.Equals("english", StringComparison.OrdinalIgnoreCase))
        {
            return English;
        }

        return null;
    }
}
