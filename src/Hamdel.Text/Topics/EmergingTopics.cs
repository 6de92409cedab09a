using Hamdel.Text.Languages;
using Hamdel.Text.Normalization;

namespace Hamdel.Text.Topics;

/// <summary>A text with the time it was written, for <see cref="EmergingTopics"/>.</summary>
public readonly record struct TimedText(string Text, DateTimeOffset At);

/// <summary>A phrase that is mentioned significantly more often in the recent window than in the baseline.</summary>
/// <param name="Phrase">The phrase in search-key form (lower case, Persian/Arabic letters unified).</param>
/// <param name="RecentCount">Recent texts that contain the phrase.</param>
/// <param name="RecentTotal">Texts in the recent window.</param>
/// <param name="BaselineCount">Baseline texts that contain the phrase.</param>
/// <param name="BaselineTotal">Texts in the baseline window.</param>
/// <param name="RateRatio">Recent rate over baseline rate, each with half a text added so a phrase never seen before stays finite.</param>
/// <param name="LogLikelihood">Dunning's G² for the 2×2 table of texts with and without the phrase in each window.</param>
/// <param name="PValue">The chance of a G² this large if the rate had not changed (χ² with one degree of freedom).</param>
public sealed record EmergingPhrase(
    string Phrase,
    int RecentCount,
    int RecentTotal,
    int BaselineCount,
    int BaselineTotal,
    double RateRatio,
    double LogLikelihood,
    double PValue);

/// <summary>Thresholds for <see cref="EmergingTopics"/>.</summary>
public sealed record EmergingTopicsOptions
{
    /// <summary>A phrase needs at least this many recent texts: five mentions are an anecdote, not a trend.</summary>
    public int MinRecentCount { get; init; } = 5;

    /// <summary>Minimum G²; 10.83 is p &lt; 0.001 for one degree of freedom, strict because many phrases are tested at once.</summary>
    public double MinLogLikelihood { get; init; } = 10.83;

    /// <summary>The recent rate must be at least this many times the baseline rate.</summary>
    public double MinRateRatio { get; init; } = 2.0;

    /// <summary>Also count two-word phrases (adjacent words, neither a stop word).</summary>
    public bool IncludeBigrams { get; init; } = true;

    /// <summary>At most this many phrases are returned, the most significant first.</summary>
    public int MaxResults { get; init; } = 20;
}

/// <summary>
/// Finds phrases whose share of texts rises significantly from a baseline window to a recent
/// one: the "what are customers suddenly talking about" signal. Pure and in memory; the caller
/// chooses the windows and feeds the texts.
/// </summary>
/// <remarks>
/// Each text is normalised in its own language, split into words, stop words of English, Persian
/// and Arabic removed, and its distinct unigrams and adjacent bigrams counted once (document
/// frequency, so one long rant does not make a trend). A phrase is reported when it appears in at
/// least <see cref="EmergingTopicsOptions.MinRecentCount"/> recent texts, its rate rose by
/// <see cref="EmergingTopicsOptions.MinRateRatio"/>, and Dunning's log-likelihood ratio G² passes
/// <see cref="EmergingTopicsOptions.MinLogLikelihood"/>.
/// </remarks>
public static class EmergingTopics
{
    /// <summary>Compares texts from a baseline window with texts from a recent window.</summary>
    public static IReadOnlyList<EmergingPhrase> Find(IEnumerable<string?> baseline, IEnumerable<string?> recent, EmergingTopicsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(recent);
        options ??= new EmergingTopicsOptions();
        var (baseCounts, baseTotal) = Count(baseline, options.IncludeBigrams);
        var (recentCounts, recentTotal) = Count(recent, options.IncludeBigrams);
        if (recentTotal == 0 || baseTotal == 0)
        {
            return [];
        }

        var results = new List<EmergingPhrase>();
        foreach (var (phrase, a) in recentCounts)
        {
            if (a < options.MinRecentCount)
            {
                continue;
            }

            baseCounts.TryGetValue(phrase, out var b);
            var ratio = ((a + 0.5) / (recentTotal + 1.0)) / ((b + 0.5) / (baseTotal + 1.0));
            if (ratio < options.MinRateRatio || (double)a / recentTotal <= (double)b / baseTotal)
            {
                continue;
            }

            var g2 = LogLikelihood(a, recentTotal, b, baseTotal);
            if (g2 < options.MinLogLikelihood)
            {
                continue;
            }

            results.Add(new EmergingPhrase(phrase, a, recentTotal, b, baseTotal, ratio, g2, ChiSquare1PValue(g2)));
        }

        return [.. results.OrderByDescending(r => r.LogLikelihood).ThenBy(r => r.Phrase, StringComparer.Ordinal).Take(options.MaxResults)];
    }

    /// <summary>
    /// Splits timed texts at <paramref name="recentFrom"/>: texts at or after it are recent, texts
    /// from <paramref name="baselineFrom"/> (or the beginning) up to it are the baseline.
    /// </summary>
    public static IReadOnlyList<EmergingPhrase> Find(IEnumerable<TimedText> texts, DateTimeOffset recentFrom, DateTimeOffset? baselineFrom = null, EmergingTopicsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var baseline = new List<string>();
        var recent = new List<string>();
        foreach (var t in texts)
        {
            if (t.At >= recentFrom)
            {
                recent.Add(t.Text);
            }
            else if (baselineFrom is null || t.At >= baselineFrom)
            {
                baseline.Add(t.Text);
            }
        }

        return Find(baseline, recent, options);
    }

    /// <summary>Dunning's G² = 2 Σ O ln(O/E) over the 2×2 table (phrase present/absent × recent/baseline).</summary>
    internal static double LogLikelihood(int a, int n1, int b, int n2)
    {
        double total = n1 + n2, with = a + b, without = total - with;
        return 2 * (Term(a, n1 * with / total) + Term(n1 - a, n1 * without / total)
            + Term(b, n2 * with / total) + Term(n2 - b, n2 * without / total));

        static double Term(double observed, double expected) =>
            observed <= 0 || expected <= 0 ? 0 : observed * Math.Log(observed / expected);
    }

    /// <summary>Upper tail of χ² with one degree of freedom: erfc(√(x/2)).</summary>
    internal static double ChiSquare1PValue(double x) => x <= 0 ? 1 : Erfc(Math.Sqrt(x / 2));

    // Coefficients of the polynomial in t, highest degree first after the leading 0.17087277.
    private static readonly double[] ErfcCoefficients =
        [-0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223];

    // Numerical Recipes' erfc approximation (Chebyshev fit), relative error below 1.2e-7.
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var poly = 0.17087277;
        foreach (var c in ErfcCoefficients)
        {
            poly = c + (t * poly);
        }

        var r = t * Math.Exp(-(z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }

    private static (Dictionary<string, int> Counts, int Total) Count(IEnumerable<string?> texts, bool bigrams)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        var tokens = new Token[256];
        foreach (var raw in texts)
        {
            total++;
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            var text = raw.Length > TextAnalyzer.MaxAnalyzedChars ? raw[..TextAnalyzer.MaxAnalyzedChars] : raw;
            var language = LanguageDetector.Detect(text).Language;
            var normalized = TextNormalizer.Normalize(text, language);
            if (tokens.Length < normalized.Length)
            {
                tokens = new Token[normalized.Length];
            }

            var n = Tokenizer.Tokenize(normalized, tokens);
            seen.Clear();
            string? previous = null;
            for (var i = 0; i < n; i++)
            {
                var token = tokens[i];
                if (token.Kind != TokenKind.Word)
                {
                    previous = null;
                    continue;
                }

                var word = SearchNormalizer.Key(normalized.Substring(token.Start, token.Length));
                if (word.Length < 2 || char.IsAsciiDigit(word[0]) || word[0] == '_' || StopWords.All.Contains(word))
                {
                    previous = null;
                    continue;
                }

                seen.Add(word);
                if (bigrams && previous is not null)
                {
                    seen.Add(previous + " " + word);
                }

                previous = word;
            }

            foreach (var phrase in seen)
            {
                counts[phrase] = counts.GetValueOrDefault(phrase) + 1;
            }
        }

        return (counts, total);
    }
}
