using Hamdel.Text;
using Hamdel.Text.Eval;

// Evaluates the sentiment analyser on a labelled CSV/TSV file or on a named preset.
// The last two lines are always "accuracy: 0.xxx" and "macro-F1: 0.xxx".
string? lang = null, text = null, file = null, textColumn = null, labelColumn = null, labelMap = null, preset = null;
var binary = false;
var lexiconOnly = false;
var showErrors = false;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--lang": lang = Next(); break;
        case "--file": file = Next(); break;
        case "--text": text = Next(); break;
        case "--text-column": textColumn = Next(); break;
        case "--label-column": labelColumn = Next(); break;
        case "--label-map": labelMap = Next(); break;
        case "--preset": preset = Next(); break;
        case "--binary": binary = true; break;
        case "--lexicon-only": lexiconOnly = true; break;
        case "--show-errors": showErrors = true; break;
        case "--help" or "-h":
            Console.WriteLine("""
                Usage:
                  Hamdel.Text.Eval --text "some text" [--lang fa|ar|en]     (analyse one text)
                  Hamdel.Text.Eval --preset fa-snappfood|fa-heldout-domains|ar-arsarcasm-test|en-uci-heldout
                  Hamdel.Text.Eval --file data.csv --text-column TEXT --label-column LABEL [--lang fa|ar|en|auto]
                                   [--label-map "0=positive,1=negative"] [--binary] [--lexicon-only]
                Labels: negative/neutral/positive, neg/neu/pos, -1/0/1, HAPPY/SAD, or a --label-map.
                --binary drops neutral gold rows and decides by the sign of the score.
                --lexicon-only skips the trained models (English, Arabic, Persian) to show what the lexicon alone does.
                --show-errors prints the misclassified texts (refused for fa-snappfood: an evaluation-only set
                whose texts must not steer the lexicon or the training data).
                Presets read ../shared/data/text relative to the repository root and are binary.
                """);
            return 0;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]} (try --help).");
            return 2;
    }
}

if (text is not null)
{
    var analysis = TextAnalyzer.Analyze(text, lang);
    Console.WriteLine($"normalized: {Hamdel.Text.Normalization.TextNormalizer.Normalize(text, analysis.Language)}");
    Console.WriteLine($"language: {analysis.Language} ({analysis.LanguageConfidence:0.00})");
    var sentiment = lexiconOnly ? TextAnalyzer.AnalyzeSentiment(text, analysis.Language, useModel: false) : analysis.Sentiment;
    Console.WriteLine($"sentiment: {sentiment.Label} score {sentiment.Score:0.000} confidence {sentiment.Confidence:0.00}{(lexiconOnly ? " (lexicon and rules only)" : string.Empty)}");
    Console.WriteLine($"topics: {string.Join(", ", analysis.Topics.Select(t => $"{t.TopicId} ({t.Phrase} x{t.Count})"))}");
    return 0;
}

try
{
    List<LabelledRow> rows;
    string description;
    if (preset is not null)
    {
        (rows, var presetLanguage, description) = Presets.Load(preset);
        lang ??= presetLanguage;
        binary = true;
    }
    else if (file is not null && textColumn is not null && labelColumn is not null)
    {
        rows = DataReader.Read(file, textColumn, labelColumn, new LabelParser(labelMap));
        description = file;
    }
    else
    {
        Console.Error.WriteLine("Give --preset NAME, or --file with --text-column and --label-column (try --help).");
        return 2;
    }

    if (showErrors && preset == "fa-snappfood")
    {
        Console.Error.WriteLine("--show-errors is refused for fa-snappfood: it is an evaluation-only set (see SOURCES.md).");
        return 2;
    }

    var hint = lang is null or "auto" ? null : lang;
    Console.WriteLine($"set: {description}");
    Console.WriteLine($"language: {hint ?? "detected per text"}; model: {TextAnalyzer.ModelVersion}{(lexiconOnly ? " (lexicon and rules only)" : string.Empty)}");
    Console.WriteLine(Evaluator.Run(rows, hint, binary, lexiconOnly).Format());
    if (showErrors)
    {
        foreach (var (row, result) in Evaluator.Errors(rows, hint, binary, lexiconOnly))
        {
            Console.WriteLine($"{row.Gold,-8} {result.Score,7:0.000}  {row.Text}");
        }
    }

    return 0;
}
catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or CsvHelper.CsvFormatException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
