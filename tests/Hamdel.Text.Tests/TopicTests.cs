using Hamdel.Text.Topics;

namespace Hamdel.Text.Tests;

public sealed class TopicTests
{
    [Theory]
    [InlineData("پیک خیلی دیر رسید", "delivery")]
    [InlineData("پيک خيلي دير رسيد", "delivery")]
    [InlineData("قیمت‌ها خیلی گرونه", "price")]
    [InlineData("تأخیر داشت", "waiting-time")]
    [InlineData("تاخير داشت", "waiting-time")]
    [InlineData("اپلیکیشن موقع پرداخت کرش کرد", "app-website")]
    [InlineData("پولم رو پس بدید", "refund")]
    [InlineData("برخورد کارمند بد بود", "staff-attitude")]
    [InlineData("والتوصيل كان متأخر", "delivery")]
    [InlineData("الاسعار غالية", "price")]
    [InlineData("المندوب وقح", "staff-attitude")]
    [InlineData("ابي استرجاع فلوسي", "refund")]
    [InlineData("The courier was rude", "delivery")]
    [InlineData("Still waiting for my refund", "refund")]
    [InlineData("the app keeps crashing", "app-website")]
    [InlineData("the fries were stale", "product-quality")]
    [InlineData("اپ snappfood هنگ کرد", "app-website")]
    public void Match_DefaultTaxonomy_FindsTopic(string text, string topic) =>
        Assert.Contains(TopicTaxonomy.Default.Match(text), m => m.TopicId == topic);

    [Fact]
    public void Match_NoTopicWords_ReturnsEmpty()
    {
        Assert.Empty(TopicTaxonomy.Default.Match("سلام وقت بخیر"));
        Assert.Empty(TopicTaxonomy.Default.Match(string.Empty));
        Assert.Empty(TopicTaxonomy.Default.Match(null));
    }

    [Fact]
    public void Default_CoversTheSevenTopicsInThreeLanguages()
    {
        string[] ids = ["delivery", "price", "staff-attitude", "waiting-time", "product-quality", "app-website", "refund"];
        Assert.Equal(ids, TopicTaxonomy.Default.Topics.Select(t => t.Id));
        Assert.All(TopicTaxonomy.Default.Topics, t => Assert.True(t.Phrases.ContainsKey("fa") && t.Phrases.ContainsKey("ar") && t.Phrases.ContainsKey("en")));
    }

    [Fact]
    public void FromJson_WorkspaceTaxonomy_RoundTripsAndMatches()
    {
        const string json = """
            [ { "id": "parking", "name": { "en": "Parking" },
                "phrases": { "en": ["parking lot", "park*"], "fa": ["پارکینگ", "جای پارک"], "ar": ["موقف*"] } } ]
            """;
        var taxonomy = TopicTaxonomy.FromJson(json);
        var again = TopicTaxonomy.FromJson(taxonomy.ToJson());
        Assert.Equal("parking", Assert.Single(again.Match("No PARKING spaces left")).TopicId);
        Assert.Equal("parking", Assert.Single(again.Match("جای پارک نداشت")).TopicId);
        Assert.Equal("parking", Assert.Single(again.Match("ما في موقف سيارات")).TopicId);
        Assert.Empty(again.Match("the lot was empty"));
    }

    [Fact]
    public void Analyze_ReturnsTopicsWithSentiment()
    {
        var analysis = TextAnalyzer.Analyze("پیک بی‌ادب بود و غذا سرد رسید");
        Assert.Equal("fa", analysis.Language);
        Assert.Contains(analysis.Topics, t => t.TopicId == "staff-attitude");
        Assert.Contains(analysis.Topics, t => t.TopicId == "product-quality");
        Assert.Equal(Sentiment.SentimentLabel.Negative, analysis.Sentiment.Label);
    }
}
