using System.Globalization;
using System.Resources;

namespace Hamdel.Server;

/// <summary>
/// Marker for the UI text in <c>Resources/Strings.resx</c> (English) with <c>.fa</c> and <c>.ar</c>
/// translations. Components use <c>IStringLocalizer&lt;Strings&gt;</c>; code without DI uses <see cref="Get"/>.
/// </summary>
public sealed class Strings
{
    private Strings()
    {
    }

    internal static readonly ResourceManager Manager = new("Hamdel.Server.Strings", typeof(Strings).Assembly);

    internal static string Get(string key, CultureInfo? culture = null) =>
        Manager.GetString(key, culture ?? CultureInfo.CurrentUICulture) ?? key;

    internal static string Format(string key, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, Get(key), args);
}
