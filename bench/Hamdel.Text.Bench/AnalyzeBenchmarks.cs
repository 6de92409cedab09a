using BenchmarkDotNet.Attributes;
using Hamdel.Text.Languages;
using Hamdel.Text.Normalization;

namespace Hamdel.Text.Bench;

/// <summary>
/// Documents per second of the whole pipeline (normalise, detect language, sentiment, topics)
/// on one core, beside a plain anchor on the same texts: lower-casing and splitting on spaces.
/// Each operation is one document (OperationsPerInvoke), so Op/s reads as documents/s.
/// </summary>
[MemoryDiagnoser]
public class AnalyzeBenchmarks
{
    private const int PerLanguage = 1000;
    private string[] _texts = [];

    [GlobalSetup]
    public void Setup()
    {
        _texts = Corpus.Load(PerLanguage);

        // Lexicons and models load once per process; keep that out of the measurement.
        foreach (var text in _texts.Take(30))
        {
            _ = TextAnalyzer.Analyze(text);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 3 * PerLanguage, Description = "anchor: lower-case + split")]
    public int LowerAndSplit()
    {
        var words = 0;
        foreach (var text in _texts)
        {
            words += text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        }

        return words;
    }

    [Benchmark(OperationsPerInvoke = 3 * PerLanguage, Description = "normalise + language + sentiment + topics")]
    public int Analyze()
    {
        var positive = 0;
        foreach (var text in _texts)
        {
            if (TextAnalyzer.Analyze(text).Sentiment.Score > 0)
            {
                positive++;
            }
        }

        return positive;
    }

    [Benchmark(OperationsPerInvoke = 3 * PerLanguage, Description = "language detection only")]
    public int Detect()
    {
        var persian = 0;
        foreach (var text in _texts)
        {
            if (LanguageDetector.Detect(text).Language == LanguageCodes.Persian)
            {
                persian++;
            }
        }

        return persian;
    }

    [Benchmark(OperationsPerInvoke = 3 * PerLanguage, Description = "search key only")]
    public int SearchKey()
    {
        var length = 0;
        foreach (var text in _texts)
        {
            length += SearchNormalizer.Key(text).Length;
        }

        return length;
    }
}
