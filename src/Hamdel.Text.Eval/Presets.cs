using Hamdel.Text.Sentiment;

namespace Hamdel.Text.Eval;

/// <summary>The evaluation sets the project reports figures on, with their paths and label schemes.</summary>
internal static class Presets
{
    public static readonly string[] Names = ["fa-snappfood", "fa-heldout-domains", "ar-arsarcasm-test", "en-uci-heldout"];

    /// <summary>Loads a preset's rows and its language; every preset is binary (neutral gold rows excluded).</summary>
    public static (List<LabelledRow> Rows, string Language, string Description) Load(string name, string? root = null)
    {
        var data = RepoPaths.SharedText(root);
        switch (name)
        {
            case "fa-snappfood":
                return (
                    DataReader.Read(Path.Combine(data, "fa", "snappfood-dev", "snappfood-14k.csv"), "comment", "label_id", new LabelParser("0=positive,1=negative")),
                    "fa",
                    "SnappFood 14k (0=HAPPY, 1=SAD), never trained on");
            case "fa-heldout-domains":
                return (
                    DataReader.ReadTabbedNoHeader(Path.Combine(root ?? RepoPaths.Root(), "tests", "Hamdel.Text.Tests", "Data", "fa-heldout-domains.tsv"), new LabelParser(null)),
                    "fa",
                    "Hamdel Persian comments from other domains (gyms, taxis, utilities ...), written by us, never trained on");
            case "ar-arsarcasm-test":
                return (
                    DataReader.Read(Path.Combine(data, "ar", "arsarcasm", "ArSarcasm_test.csv"), "tweet", "sentiment", new LabelParser(null)),
                    "ar",
                    "ArSarcasm test split");
            case "en-uci-heldout":
                var rows = new List<LabelledRow>();
                foreach (var file in DataSplits.UciFiles)
                {
                    rows.AddRange(DataReader.ReadTabbedNoHeader(Path.Combine(data, "en", "uci-sentences", file), new LabelParser("0=negative,1=positive"), DataSplits.IsUciHeldOut));
                }

                return (rows, "en", "UCI sentences, every 5th line of each file (held out from training)");
            default:
                throw new ArgumentException($"Unknown preset '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
        }
    }
}
