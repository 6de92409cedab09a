using System.Globalization;
using Hamdel.Text;
using Hamdel.Text.Languages;
using Hamdel.Text.Sentiment;
using Hamdel.Text.Train;

// Trains the shipped sentiment models from the shippable data in src/Hamdel.Text.Train/Data and
// writes src/Hamdel.Text/Models/sentiment-{en,ar,fa}.bin. Hyper-parameters are chosen by 5-fold
// cross-validation on the training data only; no evaluation set is read. Deterministic: the
// same data and code give byte-identical models.
var root = FindRoot();
var dataDir = Path.Combine(root, "src", "Hamdel.Text.Train", "Data");
var modelDir = Path.Combine(root, "src", "Hamdel.Text", "Models");
Directory.CreateDirectory(modelDir);
var only = args.Length > 0 ? args[0] : null;

if (only is null or "en")
{
    Build(LanguageCodes.English, TrainingData.EnglishUci(dataDir), classes: 2);
}

if (only is null or "ar")
{
    Build(LanguageCodes.Arabic, TrainingData.Arabic(dataDir), classes: 3);
}

if (only is null or "fa")
{
    Build(LanguageCodes.Persian, TrainingData.Persian(dataDir), classes: 2);
}

return 0;

void Build(string language, List<Example> examples, int classes)
{
    Console.WriteLine($"[{language}] {examples.Count} training texts; classes {string.Join(", ", Enumerable.Range(0, classes).Select(c => $"{c}: {examples.Count(e => e.Label == c)}"))}");
    var grid = new List<TrainConfig>();
    foreach (var (minN, maxN) in new[] { (0, 0), (2, 4), (3, 5) })
    {
        foreach (var l2 in new[] { 1e-6f, 1e-5f, 1e-4f })
        {
            grid.Add(new TrainConfig(18, minN, maxN, l2, Epochs: 10));
        }
    }

    var cache = new Dictionary<(int, int), List<Featurized>>();
    List<Featurized> Features(int minN, int maxN)
    {
        if (!cache.TryGetValue((minN, maxN), out var list))
        {
            list = [.. examples.Select(e =>
            {
                var (hashed, dense) = SentimentEngine.Featurize(e.Text, language, 18, minN, maxN);
                return new Featurized(hashed, dense, e.Label);
            })];
            cache[(minN, maxN)] = list;
        }

        return list;
    }

    const int folds = 5;
    TrainConfig? best = null;
    var bestScore = -1.0;
    foreach (var config in grid)
    {
        var data = Features(config.MinN, config.MaxN);
        var scores = new List<double>();
        for (var fold = 0; fold < folds; fold++)
        {
            var train = data.Where((_, i) => i % folds != fold).ToList();
            var test = data.Where((_, i) => i % folds == fold).ToList();
            var model = Trainer.Train(train, classes, config, TextAnalyzer.ModelVersion, language);
            scores.Add(Trainer.BinaryMacroF1(model, test));
        }

        var mean = scores.Average();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{language}] char n-grams {config.MinN}-{config.MaxN}, L2 {config.L2:0e0}: CV binary macro-F1 {mean:0.000}"));
        if (mean > bestScore)
        {
            bestScore = mean;
            best = config;
        }
    }

    // Does it hold up on text from elsewhere? Train on all sources but one, test on the one left
    // out (training texts only; evaluation sets stay unread). Reported, not used for selection.
    var chosen = Features(best!.MinN, best.MaxN);
    foreach (var source in examples.Select(e => e.Source).Distinct())
    {
        var train = chosen.Where((_, i) => examples[i].Source != source).ToList();
        var test = chosen.Where((_, i) => examples[i].Source == source).ToList();
        var model = Trainer.Train(train, classes, best, TextAnalyzer.ModelVersion, language);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{language}] leave-one-source-out: trained without {source}, binary macro-F1 on {source} {Trainer.BinaryMacroF1(model, test):0.000}"));
    }

    var final = Trainer.Train(Features(best!.MinN, best.MaxN), classes, best, TextAnalyzer.ModelVersion, language);
    var path = Path.Combine(modelDir, SentimentEngine.ResourceName(language));
    using (var file = File.Create(path))
    {
        final.Save(file);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{language}] chose char n-grams {best.MinN}-{best.MaxN}, L2 {best.L2:0e0} (CV {bestScore:0.000}); wrote {path} ({new FileInfo(path).Length / 1024} KB)"));
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Hamdel.slnx")))
        {
            return dir.FullName;
        }
    }

    throw new DirectoryNotFoundException("Run from inside the repository: Hamdel.slnx was not found.");
}
