// A minimal Kestrel endpoint that answers with a JSON page of the same shape and size as
// Hamdel's customer list (50 items with identities), from memory: what the framework alone costs.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

var items = Enumerable.Range(0, 50).Select(i => new Item(
    Guid.CreateVersion7(), $"مریم احمدی {i}", "fa", "Asia/Tehran", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i),
    [new Identity("Email", $"customer{i}@example.ir", true), new Identity("Phone", $"+9891200000{i:00}", false)])).ToList();
var page = new ItemPage(items, "MDFhMjAzZWQtN2E1OC03YzgxLWI2NDMtNWFmZmYyMDUwNzY0");

app.MapGet("/items", () => TypedResults.Ok(page));
app.MapGet("/health/ready", () => "Healthy");
await app.RunAsync();

internal sealed record Identity(string Kind, string Value, bool Verified);
internal sealed record Item(Guid Id, string DisplayName, string Language, string TimeZone, DateTimeOffset CreatedAt, IReadOnlyList<Identity> Identities);
internal sealed record ItemPage(IReadOnlyList<Item> Items, string NextCursor);
