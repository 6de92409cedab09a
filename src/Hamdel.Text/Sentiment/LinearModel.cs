using System.IO.Compression;
using System.Text;

namespace Hamdel.Text.Sentiment;

/// <summary>
/// Multinomial logistic regression over hashed features plus a few dense lexicon features.
/// Classes are [negative, positive] or [negative, neutral, positive]. Weights are stored as
/// half-precision floats in a gzip file and read into single precision once.
/// </summary>
internal sealed class LinearModel
{
    public const int DenseCount = 4;
    private const string Magic = "HTSM";
    private const int FormatVersion = 1;

    public LinearModel(string version, string language, int classes, int bits, int minN, int maxN, float[] weights)
    {
        Version = version;
        Language = language;
        Classes = classes;
        Bits = bits;
        MinN = minN;
        MaxN = maxN;
        Stride = (1 << bits) + DenseCount + 1;
        if (weights.Length != classes * Stride)
        {
            throw new ArgumentException($"Expected {classes * Stride} weights, got {weights.Length}.", nameof(weights));
        }

        Weights = weights;
    }

    public string Version { get; }

    public string Language { get; }

    public int Classes { get; }

    public int Bits { get; }

    public int MinN { get; }

    public int MaxN { get; }

    /// <summary>Weights per class: hashed features, then dense features, then the bias.</summary>
    public int Stride { get; }

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
        var scale = hashed.Length == 0 ? 0f : 1f / MathF.Sqrt(hashed.Length);
        var hashedSize = 1 << Bits;
        var max = float.NegativeInfinity;
        for (var c = 0; c < Classes; c++)
        {
            var row = Weights.AsSpan(c * Stride, Stride);
            var sum = 0f;
            foreach (var index in hashed)
            {
                sum += row[index];
            }

            var z = sum * scale;
            for (var d = 0; d < DenseCount; d++)
            {
                z += row[hashedSize + d] * dense[d];
            }

            z += row[Stride - 1];
            probabilities[c] = z;
            max = MathF.Max(max, z);
        }

        var total = 0f;
        for (var c = 0; c < Classes; c++)
        {
            probabilities[c] = MathF.Exp(probabilities[c] - max);
            total += probabilities[c];
        }

        for (var c = 0; c < Classes; c++)
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
