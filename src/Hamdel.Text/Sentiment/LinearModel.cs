using System.IO.Compression;
using System.Text;

namespace Hamdel.Text.Sentiment;

/// <summary>
/// Multinomial logistic regression over hashed features plus a few dense lexicon features.
/// Classes are [negative, positive] or [negative, neutral, positive]. The weights of one feature
/// for all classes sit next to each other, so scoring touches one cache line per feature. They
/// are stored as half-precision floats in a gzip file and read into single precision once.
/// </summary>
internal sealed class LinearModel
{
    public const int DenseCount = 4;
    private const string Magic = "HTSM";
    private const int FormatVersion = 2;

    public LinearModel(string version, string language, int classes, int bits, int minN, int maxN, float[] weights)
    {
        Version = version;
        Language = language;
        Classes = classes;
        Bits = bits;
        MinN = minN;
        MaxN = maxN;
        Features = (1 << bits) + DenseCount + 1;
        if (weights.Length != classes * Features)
        {
            throw new ArgumentException($"Expected {classes * Features} weights, got {weights.Length}.", nameof(weights));
        }

        Weights = weights;
    }

    public string Version { get; }

    public string Language { get; }

    public int Classes { get; }

    public int Bits { get; }

    public int MinN { get; }

    public int MaxN { get; }

    /// <summary>Hashed features, then dense features, then the bias; weight of feature f for class c is at f × Classes + c.</summary>
    public int Features { get; }

    public float[] Weights { get; }

    public int PositiveClass => Classes - 1;

    public int NeutralClass => Classes == 3 ? 1 : -1;

    /// <summary>Dense lexicon features: the compound score, positive and negative mass, and whether anything matched.</summary>
    public static void Dense(in LexiconScore lexicon, Span<float> dense)
    {
        dense[0] = lexicon.Compound;
        dense[1] = MathF.Tanh(lexicon.Positive / 4f);
        dense[2] = MathF.Tanh(lexicon.Negative / 4f);
        dense[3] = lexicon.Hits > 0 ? 1f : 0f;
    }

    /// <summary>Class probabilities for one text's features.</summary>
    public void Predict(ReadOnlySpan<int> hashed, ReadOnlySpan<float> dense, Span<float> probabilities)
    {
        var k = Classes;
        var w = Weights;
        Span<float> z = stackalloc float[3];
        z.Clear();
        foreach (var index in hashed)
        {
            var at = index * k;
            for (var c = 0; c < k; c++)
            {
                z[c] += w[at + c];
            }
        }

        var scale = hashed.Length == 0 ? 0f : 1f / MathF.Sqrt(hashed.Length);
        var denseAt = (1 << Bits) * k;
        var biasAt = (Features - 1) * k;
        var max = float.NegativeInfinity;
        for (var c = 0; c < k; c++)
        {
            var value = (z[c] * scale) + w[biasAt + c];
            for (var d = 0; d < DenseCount; d++)
            {
                value += w[denseAt + (d * k) + c] * dense[d];
            }

            probabilities[c] = value;
            max = MathF.Max(max, value);
        }

        var total = 0f;
        for (var c = 0; c < k; c++)
        {
            probabilities[c] = MathF.Exp(probabilities[c] - max);
            total += probabilities[c];
        }

        for (var c = 0; c < k; c++)
        {
            probabilities[c] /= total;
        }
    }

    public void Save(Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(gzip, Encoding.UTF8, leaveOpen: true);
        writer.Write(Encoding.ASCII.GetBytes(Magic));
        writer.Write(FormatVersion);
        writer.Write(Version);
        writer.Write(Language);
        writer.Write(Classes);
        writer.Write(Bits);
        writer.Write(MinN);
        writer.Write(MaxN);
        writer.Write(DenseCount);
        foreach (var w in Weights)
        {
            writer.Write((Half)w);
        }
    }

    public static LinearModel Load(Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(gzip, Encoding.UTF8, leaveOpen: true);
        var magic = Encoding.ASCII.GetString(reader.ReadBytes(4));
        if (magic != Magic || reader.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException("Not a Hamdel sentiment model file.");
        }

        var version = reader.ReadString();
        var language = reader.ReadString();
        var classes = reader.ReadInt32();
        var bits = reader.ReadInt32();
        var minN = reader.ReadInt32();
        var maxN = reader.ReadInt32();
        if (reader.ReadInt32() != DenseCount || classes is < 2 or > 3 || bits is < 10 or > 24)
        {
            throw new InvalidDataException("Unsupported sentiment model layout.");
        }

        var weights = new float[classes * ((1 << bits) + DenseCount + 1)];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)reader.ReadHalf();
        }

        return new LinearModel(version, language, classes, bits, minN, maxN, weights);
    }
}
