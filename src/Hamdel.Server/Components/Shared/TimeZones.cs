namespace Hamdel.Server.Components.Shared;

/// <summary>The IANA time zones people choose from (Asia/Tehran, not Windows names), for autocomplete fields.</summary>
internal static class TimeZones
{
    private static readonly string[] All = [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order(StringComparer.Ordinal)];

    public static Task<IEnumerable<string>> SearchAsync(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(string.IsNullOrWhiteSpace(text)
            ? All.AsEnumerable()
            : All.Where(z => z.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));
}
