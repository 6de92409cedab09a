using Hamdel.Text.Topics;

namespace Hamdel.Text.Tests;

public sealed class EmergingTopicsTests
{
    private static readonly string[] Background =
    [
        "غذا خوشمزه بود", "پیک به موقع رسید", "the food was great", "التوصيل سريع", "قیمت مناسب بود",
        "بسته بندی تمیز بود", "service was fine", "الاكل لذيذ", "خیلی ممنون از رستوران", "good portion size",
    ];

    [Fact]
    public void Find_PhraseRisingInRecentWindow_IsReportedWithEvidence()
    {
        var baseline = Enumerable.Range(0, 300).Select(i => Background[i % Background.Length]).ToList();
        baseline.Add("اپ کرش کرد");
        var recent = Enumerable.Range(0, 100).Select(i => Background[i % Background.Length]).ToList();
        recent.AddRange(Enumerable.Repeat("اپ موقع پرداخت کرش کرد", 15));
        recent.AddRange(Enumerable.Repeat("اپلیکیشن کرش میکنه", 5));

        var found = EmergingTopics.Find(baseline, recent);

        var crash = Assert.Single(found, p => p.Phrase == "کرش");
        Assert.Equal(20, crash.RecentCount);
        Assert.Equal(120, crash.RecentTotal);
        Assert.Equal(1, crash.BaselineCount);
        Assert.Equal(301, crash.BaselineTotal);
        Assert.True(crash.LogLikelihood > 10.83);
        Assert.True(crash.PValue < 0.001);
        Assert.Contains(found, p => p.Phrase == "پرداخت کرش");
        Assert.DoesNotContain(found, p => p.Phrase == "غذا" || p.Phrase == "خوشمزه");
    }

    [Fact]
    public void Find_StableOrRarePhrases_AreNotReported()
    {
        var baseline = Enumerable.Range(0, 200).Select(i => Background[i % Background.Length]).ToList();
        var recent = Enumerable.Range(0, 100).Select(i => Background[i % Background.Length]).ToList();
        recent.AddRange(Enumerable.Repeat("refund delayed again", 3));

        Assert.Empty(EmergingTopics.Find(baseline, recent));
    }

    [Fact]
    public void Find_TimedTexts_SplitAtRecentStart()
    {
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var texts = new List<TimedText>();
        for (var day = 0; day < 30; day++)
        {
            foreach (var text in Background)
            {
                texts.Add(new TimedText(text, start.AddDays(day)));
            }

            if (day >= 25)
            {
                texts.Add(new TimedText("الطلب وصل بارد", start.AddDays(day)));
                texts.Add(new TimedText("الاكل بارد جدا", start.AddDays(day).AddHours(2)));
            }
        }

        var found = EmergingTopics.Find(texts, recentFrom: start.AddDays(25));

        var cold = Assert.Single(found, p => p.Phrase == "بارد");
        Assert.Equal(10, cold.RecentCount);
        Assert.Equal(0, cold.BaselineCount);
    }

    [Fact]
    public void Find_EmptyWindows_ReturnNothing()
    {
        Assert.Empty(EmergingTopics.Find([], ["a b c"]));
        Assert.Empty(EmergingTopics.Find(["a b c"], []));
    }

    [Theory]
    [InlineData(10.828, 0.001)]
    [InlineData(3.841, 0.05)]
    [InlineData(6.635, 0.01)]
    public void ChiSquare1PValue_KnownQuantiles_Match(double statistic, double p) =>
        Assert.Equal(p, EmergingTopics.ChiSquare1PValue(statistic), 4);

    [Fact]
    public void LogLikelihood_NoChange_IsZero() =>
        Assert.Equal(0, EmergingTopics.LogLikelihood(10, 100, 20, 200), 9);
}
