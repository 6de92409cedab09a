namespace Hamdel.Server.Features.Metrics;

/// <summary>An estimate with its 95% interval; <see cref="Low"/>/<see cref="High"/> are null where no interval applies (a count).</summary>
internal readonly record struct Estimate(double Value, double? Low, double? High);

/// <summary>Whether two estimates differ beyond chance: the difference (first − second), its 95% interval and the two-sided p-value.</summary>
internal sealed record Difference(double Value, double? Low, double? High, double? PValue)
{
    public bool Significant => PValue is < 0.05;
}

/// <summary>
/// The statistics behind every figure (docs/adr/0021): intervals at 95%, exact from the additive
/// sums the rollups keep. Pure functions, no I/O.
/// </summary>
internal static class MetricStatistics
{
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// NPS in points (−100…100) from promoter and detractor counts. Each answer is +1, 0 or −1, so the
    /// variance of the mean is (p + d − (p − d)²) / n, with p and d the promoter and detractor shares.
    /// </summary>
    public static Estimate Nps(long promoters, long detractors, long n)
    {
        if (n <= 0)
        {
            return new Estimate(double.NaN, null, null);
        }
        var p = (double)promoters / n;
        var d = (double)detractors / n;
        var nps = p - d;
        var se = Math.Sqrt(Math.Max(0, p + d - nps * nps) / n);
        return new Estimate(100 * nps, 100 * Math.Max(-1, nps - Z95 * se), 100 * Math.Min(1, nps + Z95 * se));
    }

    /// <summary>Variance of an NPS (as a fraction, not points), for comparisons.</summary>
    public static double NpsVariance(long promoters, long detractors, long n)
    {
        var p = (double)promoters / n;
        var d = (double)detractors / n;
        return Math.Max(0, p + d - (p - d) * (p - d)) / n;
    }

    /// <summary>A proportion in percent with the Wilson score interval (good at small n and near 0% or 100%).</summary>
    public static Estimate Proportion(long successes, long n)
    {
        if (n <= 0)
        {
            return new Estimate(double.NaN, null, null);
        }
        var p = (double)successes / n;
        const double z2 = Z95 * Z95;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2.0 * n)) / denominator;
        var half = Z95 * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new Estimate(100 * p, 100 * Math.Max(0, centre - half), 100 * Math.Min(1, centre + half));
    }

    /// <summary>A mean with Student's t interval, from the count, sum and sum of squares.</summary>
    public static Estimate Mean(long n, double sum, double sumOfSquares)
    {
        if (n <= 0)
        {
            return new Estimate(double.NaN, null, null);
        }
        var mean = sum / n;
        if (n == 1)
        {
            return new Estimate(mean, null, null);
        }
        var half = StudentTQuantile(0.975, n - 1) * Math.Sqrt(SampleVariance(n, sum, sumOfSquares) / n);
        return new Estimate(mean, mean - half, mean + half);
    }

    /// <summary>The unbiased sample variance from the additive sums (never negative through rounding).</summary>
    public static double SampleVariance(long n, double sum, double sumOfSquares) =>
        n < 2 ? 0 : Math.Max(0, (sumOfSquares - sum * sum / n) / (n - 1));

    /// <summary>Difference of two NPS values (points) by a z-test on the difference of two independent scores.</summary>
    public static Difference CompareNps((long Promoters, long Detractors, long N) a, (long Promoters, long Detractors, long N) b)
    {
        var diff = (double)(a.Promoters - a.Detractors) / a.N - (double)(b.Promoters - b.Detractors) / b.N;
        var se = Math.Sqrt(NpsVariance(a.Promoters, a.Detractors, a.N) + NpsVariance(b.Promoters, b.Detractors, b.N));
        return ZDifference(100 * diff, 100 * se);
    }

    /// <summary>Difference of two proportions (percentage points): unpooled interval, pooled two-proportion z-test.</summary>
    public static Difference CompareProportions(long successesA, long nA, long successesB, long nB)
    {
        var pa = (double)successesA / nA;
        var pb = (double)successesB / nB;
        var se = Math.Sqrt(pa * (1 - pa) / nA + pb * (1 - pb) / nB);
        var pooled = (double)(successesA + successesB) / (nA + nB);
        var sePooled = Math.Sqrt(pooled * (1 - pooled) * (1.0 / nA + 1.0 / nB));
        var diff = 100 * (pa - pb);
        var p = sePooled == 0 ? (diff == 0 ? 1.0 : 0.0) : 2 * (1 - NormalCdf(Math.Abs(pa - pb) / sePooled));
        return new Difference(diff, diff - 100 * Z95 * se, diff + 100 * Z95 * se, p);
    }

    /// <summary>Difference of two means by Welch's t-test (unequal variances).</summary>
    public static Difference CompareMeans((long N, double Sum, double SumOfSquares) a, (long N, double Sum, double SumOfSquares) b)
    {
        var va = SampleVariance(a.N, a.Sum, a.SumOfSquares) / a.N;
        var vb = SampleVariance(b.N, b.Sum, b.SumOfSquares) / b.N;
        var diff = a.Sum / a.N - b.Sum / b.N;
        var se = Math.Sqrt(va + vb);
        if (se == 0 || a.N < 2 || b.N < 2)
        {
            return new Difference(diff, null, null, se == 0 && a.N >= 2 && b.N >= 2 ? (diff == 0 ? 1.0 : 0.0) : null);
        }
        var df = (va + vb) * (va + vb) / (va * va / (a.N - 1) + vb * vb / (b.N - 1));
        var t = StudentTQuantile(0.975, df);
        var p = 2 * (1 - StudentTCdf(Math.Abs(diff) / se, df));
        return new Difference(diff, diff - t * se, diff + t * se, p);
    }

    private static Difference ZDifference(double diff, double se) =>
        se == 0
            ? new Difference(diff, diff, diff, diff == 0 ? 1.0 : 0.0)
            : new Difference(diff, diff - Z95 * se, diff + Z95 * se, 2 * (1 - NormalCdf(Math.Abs(diff) / se)));

    /// <summary>Φ(x), the standard normal distribution function (through the regularised incomplete gamma of erf).</summary>
    public static double NormalCdf(double x) => x >= 0
        ? 0.5 + 0.5 * RegularizedGammaP(0.5, x * x / 2)
        : 0.5 - 0.5 * RegularizedGammaP(0.5, x * x / 2);

    /// <summary>The distribution function of Student's t with <paramref name="df"/> degrees of freedom.</summary>
    public static double StudentTCdf(double t, double df)
    {
        var x = df / (df + t * t);
        var tail = 0.5 * RegularizedBeta(x, df / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>The <paramref name="p"/>-quantile of Student's t, by bisection on the distribution function (exact to 1e-10).</summary>
    public static double StudentTQuantile(double p, double df)
    {
        double low = -1e4, high = 1e4;
        for (var i = 0; i < 200 && high - low > 1e-10; i++)
        {
            var mid = (low + high) / 2;
            if (StudentTCdf(mid, df) < p)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }
        return (low + high) / 2;
    }

    /// <summary>The regularised incomplete beta function I_x(a, b) by its continued fraction (Lentz).</summary>
    public static double RegularizedBeta(double x, double a, double b)
    {
        if (x <= 0)
        {
            return 0;
        }
        if (x >= 1)
        {
            return 1;
        }
        var front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? front * BetaFraction(x, a, b) / a
            : 1 - front * BetaFraction(1 - x, b, a) / b;
    }

    private static double BetaFraction(double x, double a, double b)
    {
        const double tiny = 1e-300;
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        d = Math.Abs(d) < tiny ? tiny : d;
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= 500; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15)
            {
                break;
            }
        }
        return h;
    }

    /// <summary>The regularised lower incomplete gamma P(a, x) (series, or continued fraction for large x).</summary>
    private static double RegularizedGammaP(double a, double x)
    {
        if (x <= 0)
        {
            return 0;
        }
        var logFront = -x + a * Math.Log(x) - LogGamma(a);
        if (x < a + 1)
        {
            double sum = 1 / a, term = sum;
            for (var n = 1; n < 500; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-16)
                {
                    break;
                }
            }
            return sum * Math.Exp(logFront);
        }
        const double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (var i = 1; i < 500; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }
        return 1 - Math.Exp(logFront) * h;
    }

    /// <summary>ln Γ(x) by the Lanczos approximation (g = 7, n = 9), accurate to about 1e-15.</summary>
    public static double LogGamma(double x)
    {
        ReadOnlySpan<double> g =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }
        x -= 1;
        var sum = g[0];
        for (var i = 1; i < 9; i++)
        {
            sum += g[i] / (x + i);
        }
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
