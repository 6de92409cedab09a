using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hamdel.Text.Sentiment;

namespace Hamdel.Text.Eval;

/// <summary>Accuracy, macro-F1 and the confusion matrix of the sentiment analyser on labelled rows.</summary>
internal sealed record EvalReport(
    int Count,
    double Accuracy,
    double MacroF1,
    int[,] Confusion,
    IReadOnlyList<SentimentLabel> GoldClasses,
    double DocumentsPerSecond,
    bool Binary,
    int Undecided)
{
    private static readonly SentimentLabel[] Columns = [SentimentLabel.Negative, SentimentLabel.Neutral, SentimentLabel.Positive];

    public string Format()
    {
        var inv = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.AppendLine(inv, $"documents: {Count}{(Binary ? " (binary: neutral gold rows excluded; prediction = sign of the score, 0 counts as 'neutral' and is always wrong)" : string.Empty)}");
        if (Binary)
        {
            b.AppendLine(inv, $"undecided (score 0): {Undecided} ({(Count == 0 ? 0 : 100.0 * Undecided / Count):0.0}%)");
        }

        b.AppendLine("confusion (rows gold, columns predicted):");
        b.AppendLine(inv, $"{"",-10}{"negative",10}{"neutral",10}{"positive",10}");
        foreach (var gold in GoldClasses)
        {
            b.Append(inv, $"{gold.ToString().ToLowerInvariant(),-10}");
            foreach (var predicted in Columns)
            {
                b.Append(inv, $"{Confusion[Index(gold), Index(predicted)],10}");
            }

            b.AppendLine();
        }

        foreach (var gold in GoldClasses)
        {
            var (p, r, f) = PerClass(gold);
            b.AppendLine(inv, $"{gold.ToString().ToLowerInvariant(),-10} precision {p:0.000} recall {r:0.000} F1 {f:0.000}");
        }

        b.AppendLine(inv, $"documents/s: {DocumentsPerSecond:0}");
        b.AppendLine(inv, $"accuracy: {Accuracy:0.000}");
        b.Append(inv, $"macro-F1: {MacroF1:0.000}");
        return b.ToString();
    }

    public (double Precision, double Recall, double F1) PerClass(SentimentLabel label)
    {
        var c = Index(label);
        double tp = Confusion[c, c], predicted = 0, actual = 0;
        for (var k = 0; k < 3; k++)
        {
            predicted += Confusion[k, c];
            actual += Confusion[c, k];
        }

        var precision = predicted == 0 ? 0 : tp / predicted;
        var recall = actual == 0 ? 0 : tp / actual;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (precision, recall, f1);
    }

    public static int Index(SentimentLabel label) => (int)label + 1;
}

internal static class Evaluator
{
    /// <param name="rows">Labelled texts.</param>
    /// <param name="language">Language hint passed to the analyser; null detects per text.</param>
    /// <param name="binary">Exclude neutral gold rows and decide by the sign of the score.</param>
    /// <param name="lexiconOnly">Skip the trained models: what the lexicon and rules alone achieve.</param>
    public static EvalReport Run(IReadOnlyList<LabelledRow> rows, string? language, bool binary, bool lexiconOnly = false)
    {
        var kept = binary ? rows.Where(r => r.Gold != SentimentLabel.Neutral).ToList() : rows.ToList();

        // Load models and lexicons before timing: throughput is of analysis, not of start-up.
        _ = TextAnalyzer.Analyze("warm up", language);
        var predictions = new SentimentLabel[kept.Count];
        var watch = Stopwatch.StartNew();
        var undecided = 0;
        for (var i = 0; i < kept.Count; i++)
        {
            var result = lexiconOnly
                ? TextAnalyzer.AnalyzeSentiment(kept[i].Text, language, useModel: false)
                : TextAnalyzer.Analyze(kept[i].Text, language).Sentiment;
            if (binary)
            {
                predictions[i] = result.Score > 0 ? SentimentLabel.Positive : result.Score < 0 ? SentimentLabel.Negative : SentimentLabel.Neutral;
                if (result.Score == 0)
                {
                    undecided++;
                }
            }
            else
            {
                predictions[i] = result.Label;
            }
        }

        watch.Stop();
        var confusion = new int[3, 3];
        var correct = 0;
        for (var i = 0; i < kept.Count; i++)
        {
            confusion[EvalReport.Index(kept[i].Gold), EvalReport.Index(predictions[i])]++;
            if (kept[i].Gold == predictions[i])
            {
                correct++;
            }
        }

        var goldClasses = new[] { SentimentLabel.Negative, SentimentLabel.Neutral, SentimentLabel.Positive }
            .Where(g => kept.Any(r => r.Gold == g)).ToList();
        var report = new EvalReport(kept.Count, kept.Count == 0 ? 0 : (double)correct / kept.Count, 0, confusion, goldClasses,
            kept.Count / Math.Max(watch.Elapsed.TotalSeconds, 1e-9), binary, undecided);
        var macro = goldClasses.Count == 0 ? 0 : goldClasses.Average(g => report.PerClass(g).F1);
        return report with { MacroF1 = macro };
    }

    /// <summary>The rows the analyser gets wrong, with its result, decided as <see cref="Run"/> decides.</summary>
    public static IEnumerable<(LabelledRow Row, SentimentResult Result)> Errors(IReadOnlyList<LabelledRow> rows, string? language, bool binary, bool lexiconOnly = false)
    {
        foreach (var row in rows)
        {
            if (binary && row.Gold == SentimentLabel.Neutral)
            {
                continue;
            }

            var result = lexiconOnly
                ? TextAnalyzer.AnalyzeSentiment(row.Text, language, useModel: false)
                : TextAnalyzer.Analyze(row.Text, language).Sentiment;
            var predicted = !binary ? result.Label
                : result.Score > 0 ? SentimentLabel.Positive : result.Score < 0 ? SentimentLabel.Negative : SentimentLabel.Neutral;
            if (predicted != row.Gold)
            {
                yield return (row, result);
            }
        }
    }
}
