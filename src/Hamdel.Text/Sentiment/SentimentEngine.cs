using System.Buffers;
using Hamdel.Text.Languages;
using Hamdel.Text.Normalization;

namespace Hamdel.Text.Sentiment;

/// <summary>
/// Chooses the method per language: a linear model over hashed n-grams and lexicon features
/// where shippable labelled data exists (English, Arabic), the lexicon and rules alone for
/// Persian and for any other text (emoji, emoticons and English words still count there).
/// </summary>
internal static class SentimentEngine
{
    /// <summary>For a two-class model, scores this close to 0 are reported as neutral.</summary>
    public const float NeutralBand = 0.25f;

    /// <summary>For a two-class model, a text without any lexicon word is neutral below this score.</summary>
    public const float UnsupportedBand = 0.6f;

    /// <summary>For the lexicon alone, compound scores this close to 0 are neutral (VADER's threshold).</summary>
    public const float LexiconNeutralBand = 0.05f;

    private const int MaxFeatures = 16384;

    private static readonly Lazy<LinearModel?> English = new(() => LoadModel(LanguageCodes.English), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<LinearModel?> Arabic = new(() => LoadModel(LanguageCodes.Arabic), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<LinearModel?> Persian = new(() => LoadModel(LanguageCodes.Persian), LazyThreadSafetyMode.ExecutionAndPublication);

    public static LinearModel? ModelFor(string language) => language switch
    {
        LanguageCodes.English => English.Value,
        LanguageCodes.Arabic => Arabic.Value,
        LanguageCodes.Persian => Persian.Value,
        _ => null,
    };

    public static string ResourceName(string language) => $"sentiment-{language}.bin";

    public static SentimentResult Analyze(string normalized, ReadOnlySpan<Token> tokens, string language, bool useModel = true)
    {
        if (tokens.Length == 0)
        {
            return SentimentResult.Unknown;
        }

        var negatedArray = ArrayPool<bool>.Shared.Rent(tokens.Length);
        try
        {
            var negated = negatedArray.AsSpan(0, tokens.Length);
            var lexicon = LexiconScorer.Score(normalized, tokens, LexiconLanguage(language), negated);
            var model = useModel ? ModelFor(language) : null;
            return model is null ? FromLexicon(lexicon) : FromModel(model, normalized, tokens, negated, lexicon);
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(negatedArray);
        }
    }

    /// <summary>
    /// The features of one raw text exactly as <see cref="Analyze"/> computes them, for training.
    /// </summary>
    internal static (int[] Hashed, float[] Dense) Featurize(string text, string language, int bits, int minN, int maxN)
    {
        var normalized = TextNormalizer.Normalize(text.Length > TextAnalyzer.MaxAnalyzedChars ? text[..TextAnalyzer.MaxAnalyzedChars] : text, language);
        var tokens = new Token[Math.Max(1, normalized.Length)];
        var count = Tokenizer.Tokenize(normalized, tokens);
        var negated = new bool[Math.Max(1, count)];
        var lexicon = LexiconScorer.Score(normalized, tokens.AsSpan(0, count), LexiconLanguage(language), negated.AsSpan(0, count));
        var hashed = new int[Math.Min(MaxFeatures, 64 + (count * 24))];
        var n = FeatureHasher.Extract(normalized, tokens.AsSpan(0, count), negated.AsSpan(0, count), bits, minN, maxN, hashed);
        var dense = new float[LinearModel.DenseCount];
        LinearModel.Dense(lexicon, dense);
        return (hashed[..n], dense);
    }

    private static string LexiconLanguage(string language) =>
        language is LanguageCodes.Persian or LanguageCodes.Arabic ? language : LanguageCodes.English;

    private static SentimentResult FromLexicon(in LexiconScore lexicon)
    {
        if (lexicon.Hits == 0)
        {
            return SentimentResult.Unknown;
        }

        var compound = lexicon.Compound;
        if (MathF.Abs(compound) < LexiconNeutralBand)
        {
            return new SentimentResult(SentimentLabel.Neutral, compound, 0.4);
        }

        // A heuristic: more valence and more matched words make the label more likely right.
        var confidence = Math.Min(0.95, 0.5 + (0.35 * Math.Abs(compound)) + (0.05 * Math.Min(lexicon.Hits, 3)));
        return new SentimentResult(compound > 0 ? SentimentLabel.Positive : SentimentLabel.Negative, compound, confidence);
    }

    private static SentimentResult FromModel(LinearModel model, string normalized, ReadOnlySpan<Token> tokens, ReadOnlySpan<bool> negated, in LexiconScore lexicon)
    {
        var rented = ArrayPool<int>.Shared.Rent(Math.Min(MaxFeatures, 64 + (tokens.Length * 24)));
        try
        {
            var count = FeatureHasher.Extract(normalized, tokens, negated, model.Bits, model.MinN, model.MaxN, rented);
            Span<float> dense = stackalloc float[LinearModel.DenseCount];
            LinearModel.Dense(lexicon, dense);
            Span<float> p = stackalloc float[3];
            model.Predict(rented.AsSpan(0, count), dense, p);
            var positive = p[model.PositiveClass];
            var negative = p[0];
            var score = positive - negative;
            if (model.Classes == 3)
            {
                var best = p[1] >= positive && p[1] >= negative ? SentimentLabel.Neutral
                    : positive >= negative ? SentimentLabel.Positive : SentimentLabel.Negative;
                return new SentimentResult(best, score, Math.Max(p[0], Math.Max(p[1], p[2])));
            }

            // The English model learned from polar sentences only, so a text with no sentiment word
            // needs a clearer score before it is called positive or negative.
            if (MathF.Abs(score) < NeutralBand || (lexicon.Hits == 0 && MathF.Abs(score) < UnsupportedBand))
            {
                return new SentimentResult(SentimentLabel.Neutral, score, 1 - MathF.Abs(score));
            }

            return new SentimentResult(score > 0 ? SentimentLabel.Positive : SentimentLabel.Negative, score, Math.Max(positive, negative));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    private static LinearModel? LoadModel(string language)
    {
        using var stream = typeof(SentimentEngine).Assembly.GetManifestResourceStream("Hamdel.Text.Models." + ResourceName(language));

        // Before the first training run there is no model: the lexicon then answers alone.
        return stream is null ? null : LinearModel.Load(stream);
    }
}
