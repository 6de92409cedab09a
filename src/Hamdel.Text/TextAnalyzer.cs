using System.Buffers;
using Hamdel.Text.Languages;
using Hamdel.Text.Normalization;
using Hamdel.Text.Sentiment;
using Hamdel.Text.Topics;

namespace Hamdel.Text;

/// <summary>Everything the library reads from one text.</summary>
/// <param name="Language">One of <see cref="LanguageCodes"/>: the hint when one was given, else the detected language.</param>
/// <param name="LanguageConfidence">The detector's confidence, or 1 when the language came from a hint.</param>
/// <param name="Sentiment">Label, score and confidence.</param>
/// <param name="Topics">Topics of the taxonomy that the text mentions.</param>
/// <param name="ModelVersion">Version of the models and lexicons that produced this result; store it with the result.</param>
public sealed record TextAnalysis(
    string Language,
    double LanguageConfidence,
    SentimentResult Sentiment,
    IReadOnlyList<TopicMatch> Topics,
    string ModelVersion);

/// <summary>
/// The library's entry point: language, sentiment and topics of a customer text, offline.
/// </summary>
/// <remarks>
/// Thread-safe; lexicons and models load once, on first use. Never throws on any text: empty or
/// null text, unpaired surrogates, emoji or digits only all give a defined result (neutral at low
/// confidence, language "und" when nothing can be told). Only the first
/// <see cref="MaxAnalyzedChars"/> characters are analysed, so a 1 MB message costs what an 8 KB one does.
/// </remarks>
public static class TextAnalyzer
{
    /// <summary>The version of the shipped sentiment models and lexicons.</summary>
    public const string ModelVersion = "sentiment-2026.11-2";

    /// <summary>Characters analysed per text; the rest is ignored.</summary>
    public const int MaxAnalyzedChars = 8192;

    /// <summary>Analyses <paramref name="text"/> with the default topic taxonomy.</summary>
    /// <param name="text">Any text.</param>
    /// <param name="languageHint">A known language ("fa", "ar-SA", "en"); null or unsupported detects it.</param>
    public static TextAnalysis Analyze(string? text, string? languageHint = null) =>
        Analyze(text, languageHint, TopicTaxonomy.Default);

    /// <summary>Analyses <paramref name="text"/> and matches it against a workspace's <paramref name="taxonomy"/>.</summary>
    public static TextAnalysis Analyze(string? text, string? languageHint, TopicTaxonomy taxonomy)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        text = Cap(text);
        var hinted = LanguageCodes.FromHint(languageHint);
        var guess = hinted is null ? LanguageDetector.Detect(text) : new LanguageGuess(hinted, 1);
        if (text.Length == 0)
        {
            return new TextAnalysis(guess.Language, guess.Confidence, SentimentResult.Unknown, [], ModelVersion);
        }

        var normalized = TextNormalizer.Normalize(text, guess.Language);
        var rented = ArrayPool<Token>.Shared.Rent(Math.Max(1, normalized.Length));
        try
        {
            var count = Tokenizer.Tokenize(normalized, rented);
            var tokens = rented.AsSpan(0, count);
            var sentiment = SentimentEngine.Analyze(normalized, tokens, guess.Language);
            var topics = taxonomy.Match(normalized, tokens, guess.Language);
            return new TextAnalysis(guess.Language, guess.Confidence, sentiment, topics, ModelVersion);
        }
        finally
        {
            ArrayPool<Token>.Shared.Return(rented);
        }
    }

    /// <summary>Sentiment alone, skipping topic matching.</summary>
    public static SentimentResult AnalyzeSentiment(string? text, string? languageHint = null) =>
        AnalyzeSentiment(text, languageHint, useModel: true);

    /// <summary>Sentiment with or without the trained models, for comparing the lexicon alone.</summary>
    internal static SentimentResult AnalyzeSentiment(string? text, string? languageHint, bool useModel)
    {
        text = Cap(text);
        var language = LanguageCodes.FromHint(languageHint) ?? LanguageDetector.Detect(text).Language;
        var normalized = TextNormalizer.Normalize(text, language);
        if (normalized.Length == 0)
        {
            return SentimentResult.Unknown;
        }

        var rented = ArrayPool<Token>.Shared.Rent(normalized.Length);
        try
        {
            var count = Tokenizer.Tokenize(normalized, rented);
            return SentimentEngine.Analyze(normalized, rented.AsSpan(0, count), language, useModel);
        }
        finally
        {
            ArrayPool<Token>.Shared.Return(rented);
        }
    }

    private static string Cap(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (text.Length <= MaxAnalyzedChars)
        {
            return text;
        }

        // Never cut an emoji (a surrogate pair) in half.
        var length = char.IsHighSurrogate(text[MaxAnalyzedChars - 1]) ? MaxAnalyzedChars - 1 : MaxAnalyzedChars;
        return text[..length];
    }
}
