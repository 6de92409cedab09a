namespace Hamdel.Server.Features.Metrics;

/// <summary>
/// A mergeable histogram of durations in whole seconds with logarithmic bins: bin 0 holds 0 s, bin
/// i ≥ 1 holds (γ^(i−2), γ^(i−1)] with γ = (1 + α)/(1 − α). A bin's representative value 2γ^(i−1)/(γ + 1)
/// is within <see cref="RelativeError"/> (α = 2%) of every value in it, so any percentile read from
/// the merged bins is within 2% of the true order statistic at the same rank. Bins add across days
/// and groups, which is what makes percentiles rollup-able (docs/adr/0021).
/// </summary>
internal sealed class DurationSketch
{
    public const double RelativeError = 0.02;
    private static readonly double Gamma = (1 + RelativeError) / (1 - RelativeError);
    private static readonly double LogGamma = Math.Log(Gamma);

    private readonly SortedDictionary<int, long> _bins = [];

    public long Count { get; private set; }

    /// <summary>The bin of a duration in seconds (negative durations, from clock skew, count as 0).</summary>
    public static int BinOf(long seconds) => seconds <= 0 ? 0 : 1 + Math.Max(0, (int)Math.Ceiling(Math.Log(seconds) / LogGamma - 1e-9));

    /// <summary>The value that stands for a bin: within α of everything in it.</summary>
    public static double ValueOf(int bin) => bin == 0 ? 0 : 2 * Math.Pow(Gamma, bin - 1) / (Gamma + 1);

    public void Add(int bin, long count)
    {
        if (count == 0)
        {
            return;
        }
        _bins[bin] = _bins.GetValueOrDefault(bin) + count;
        Count += count;
    }

    /// <summary>Adds (+1) or takes away (−1) another sketch's bins (histograms are additive, like the sums).</summary>
    public void Merge(DurationSketch other, int sign = 1)
    {
        foreach (var (bin, count) in other._bins)
        {
            Add(bin, sign * count);
        }
    }

    /// <summary>The value at 1-based rank <paramref name="rank"/> (clamped to 1…n).</summary>
    public double AtRank(long rank) => ValueOf(BinAtRank(_bins, rank));

    /// <summary>The key holding 1-based rank <paramref name="rank"/> (clamped to 1…n) of counts per key in order.</summary>
    public static int BinAtRank(SortedDictionary<int, long> counts, long rank)
    {
        rank = Math.Clamp(rank, 1, counts.Values.Sum());
        long seen = 0;
        foreach (var (bin, count) in counts)
        {
            seen += count;
            if (seen >= rank)
            {
                return bin;
            }
        }
        return counts.Keys.Last();
    }

    /// <summary>The nearest-rank rank of the q-quantile: ⌈q·n⌉.</summary>
    public static long RankOf(double q, long n) => Math.Max(1, (long)Math.Ceiling(q * n - 1e-9));

    public Estimate Quantile(double q) => Quantile(_bins, q, ValueOf);

    /// <summary>
    /// The q-quantile of counts per key, with a distribution-free 95% interval: the order statistics
    /// at ranks n·q ∓ 1.96·√(n·q·(1 − q)) (normal approximation to the binomial count below the quantile).
    /// </summary>
    public static Estimate Quantile(SortedDictionary<int, long> counts, double q, Func<int, double> valueOf)
    {
        var n = counts.Values.Sum();
        if (n == 0)
        {
            return new Estimate(double.NaN, null, null);
        }
        var spread = MetricStatistics.Z95 * Math.Sqrt(n * q * (1 - q));
        var low = (long)Math.Floor(n * q - spread);
        var high = (long)Math.Ceiling(n * q + spread) + 1;
        return new Estimate(valueOf(BinAtRank(counts, RankOf(q, n))), low < 1 ? null : valueOf(BinAtRank(counts, low)), high > n ? null : valueOf(BinAtRank(counts, high)));
    }

    /// <summary>
    /// Mood's median test between two samples: the share of each at or below the pooled median,
    /// compared as two proportions. Returns the p-value of "the medians are equal".
    /// </summary>
    public static double? MedianTest(DurationSketch a, DurationSketch b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return null;
        }
        var pooled = new DurationSketch();
        pooled.Merge(a);
        pooled.Merge(b);
        var medianBin = BinAtRank(pooled._bins, RankOf(0.5, pooled.Count));
        long Below(DurationSketch s) => s._bins.Where(kv => kv.Key <= medianBin).Sum(kv => kv.Value);
        return MetricStatistics.CompareProportions(Below(a), a.Count, Below(b), b.Count).PValue;
    }
}
