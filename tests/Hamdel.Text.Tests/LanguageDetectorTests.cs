using Hamdel.Text.Languages;

namespace Hamdel.Text.Tests;

public sealed class LanguageDetectorTests
{
    [Theory]
    [InlineData("غذا خیلی دیر رسید", "fa")]
    [InlineData("ممنون", "fa")]
    [InlineData("سلام", "fa")]
    [InlineData("پیک", "fa")]
    [InlineData("التوصيل كان متأخر جدا", "ar")]
    [InlineData("شكرا", "ar")]
    [InlineData("مش حلو خالص", "ar")]
    [InlineData("The delivery was late", "en")]
    [InlineData("ok", "en")]
    public void Detect_PlainText_ReturnsLanguage(string text, string expected) =>
        Assert.Equal(expected, LanguageDetector.Detect(text).Language);

    [Theory]
    [InlineData("هذا المنتج جید جدا وسعره مناسب")]
    [InlineData("الخدمه کانت سیئه جدا")]
    [InlineData("ما عجبنی الاکل ابدا")]
    public void Detect_ArabicTypedWithPersianKeyboard_ReturnsArabic(string text) =>
        Assert.Equal(LanguageCodes.Arabic, LanguageDetector.Detect(text).Language);

    [Theory]
    [InlineData("سفارشم دیر رسید ولی delivery guy was nice")]
    [InlineData("اپ snappfood کرش کرد")]
    [InlineData("پشتیبانی support خیلی کند بود")]
    public void Detect_MixedPersianEnglish_ReturnsPersian(string text) =>
        Assert.Equal(LanguageCodes.Persian, LanguageDetector.Detect(text).Language);

    [Theory]
    [InlineData("ghaza kheili sard bood")]
    [InlineData("mamnoon az peyk, khoob bood")]
    [InlineData("7abibi el akl kan helw")]
    [InlineData("c'est très bien merci")]
    [InlineData("Доставка была быстрой")]
    public void Detect_FinglishArabiziAndOtherLanguages_ReturnsOther(string text) =>
        Assert.Equal(LanguageCodes.Other, LanguageDetector.Detect(text).Language);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("۱۲۳۴")]
    [InlineData("😡😡😡")]
    [InlineData("!!! ???")]
    [InlineData("\uD800")]
    public void Detect_NoLetters_ReturnsUnknown(string? text) =>
        Assert.Equal(LanguageCodes.Unknown, LanguageDetector.Detect(text).Language);

    [Theory]
    [InlineData("fa-IR", "fa")]
    [InlineData("AR", "ar")]
    [InlineData("english", "en")]
    [InlineData("de", null)]
    [InlineData(null, null)]
    public void FromHint_Variants_MapToCodes(string? hint, string? expected) =>
        Assert.Equal(expected, LanguageCodes.FromHint(hint));
}
