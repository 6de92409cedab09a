using Hamdel.Text.Sentiment;

namespace Hamdel.Text.Train;

/// <summary>Hyper-parameters of one training run.</summary>
internal sealed record TrainConfig(int Bits, int MinN, int MaxN, float L2, int Epochs, float LearningRate = 0.2f, int Seed = 20261122);

/// <summary>A featurised example: hashed indices, dense lexicon features and the class.</summary>
internal sealed record Featurized(int[] Hashed, float[] Dense, int Label);

/// <summary>
/// Softmax regression trained with AdaGrad, L2 weight decay on the weights a document touches,
/// and class weights inversely proportional to class frequency (so a minority class such as
/// Arabic positive tweets is not ignored). Single-threaded with a fixed seed: reproducible.
/// </summary>
internal static class Trainer
{
    public static LinearModel Train(IReadOnlyList<Featurized> data, int classes, TrainConfig config, string version, string language)
    {
        var features = (1 << config.Bits) + LinearModel.DenseCount + 1;
        var denseAt = 1 << config.Bits;
        var weights = new float[classes * features];
        var squares = new float[weights.Length];
        var counts = new int[classes];
        foreach (var d in data)
        {
            counts[d.Label]++;
        }

        var classWeight = counts.Select(c => c == 0 ? 0f : (float)data.Count / (classes * c)).ToArray();
        var order = Enumerable.Range(0, data.Count).ToArray();
        var probabilities = new float[classes];
        var model = new LinearModel(version, language, classes, config.Bits, config.MinN, config.MaxN, weights);
        for (var epoch = 0; epoch < config.Epochs; epoch++)
        {
            new Random(config.Seed + epoch).Shuffle(order);
            foreach (var i in order)
            {
                var example = data[i];
                model.Predict(example.Hashed, example.Dense, probabilities);
                var scale = example.Hashed.Length == 0 ? 0f : 1f / MathF.Sqrt(example.Hashed.Length);
                for (var c = 0; c < classes; c++)
                {
                    var gradient = (probabilities[c] - (c == example.Label ? 1f : 0f)) * classWeight[example.Label];
                    foreach (var index in example.Hashed)
                    {
                        var at = (index * classes) + c;
                        Update(weights, squares, at, (gradient * scale) + (config.L2 * weights[at]), config.LearningRate);
                    }

                    for (var k = 0; k < LinearModel.DenseCount; k++)
                    {
                        var at = ((denseAt + k) * classes) + c;
                        Update(weights, squares, at, (gradient * example.Dense[k]) + (config.L2 * weights[at]), config.LearningRate);
                    }

                    Update(weights, squares, ((features - 1) * classes) + c, gradient, config.LearningRate);
                }
            }
        }

        return new LinearModel(version, language, classes, config.Bits, config.MinN, config.MaxN, weights);
    }

    private static void Update(float[] weights, float[] squares, int index, float gradient, float learningRate)
    {
        if (gradient == 0)
        {
            return;
        }

        squares[index] += gradient * gradient;
        weights[index] -= learningRate * gradient / (MathF.Sqrt(squares[index]) + 1e-6f);
    }

    /// <summary>Binary macro-F1 (positive vs negative by the sign of P(pos) − P(neg), neutral gold excluded), the target metric.</summary>
    public static double BinaryMacroF1(LinearModel model, IEnumerable<Featurized> data)
    {
        int tpPos = 0, fpPos = 0, fnPos = 0, tpNeg = 0, fpNeg = 0, fnNeg = 0;
        var p = new float[model.Classes];
        foreach (var d in data)
        {
            var goldPositive = d.Label == model.PositiveClass;
            if (!goldPositive && d.Label != 0)
            {
                continue;
            }

            model.Predict(d.Hashed, d.Dense, p);
            var score = p[model.PositiveClass] - p[0];
            var predictedPositive = score > 0;
            var predictedNegative = score < 0;
            if (goldPositive)
            {
                if (predictedPositive) { tpPos++; } else { fnPos++; }
                if (predictedNegative) { fpNeg++; }
            }
            else
            {
                if (predictedNegative) { tpNeg++; } else { fnNeg++; }
                if (predictedPositive) { fpPos++; }
            }
        }

        static double F1(int tp, int fp, int fn) => tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
        return (F1(tpPos, fpPos, fnPos) + F1(tpNeg, fpNeg, fnNeg)) / 2;
    }
}
