using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Infrastructure.Paging;
using Hamdel.Testing;

namespace Hamdel.Server.Tests.Features.Search;

/// <summary>Search reads Persian and Arabic as a reader does, on both databases.</summary>
public abstract class SearchTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : HamdelServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("كيك شكلاتي تازه", "کیک")]           // Arabic kaf and yeh found by Persian ones
    [InlineData("کیک شکلاتی تازه", "كيك")]           // and the other way round
    [InlineData("order 123 is late", "۱۲۳")]          // Persian digits find Latin ones
    [InlineData("سفارش ۱۲۳ دیر شد", "123")]          // Latin digits find Persian ones
    [InlineData("الطلب ٤٥٦ متأخر", "456")]           // Arabic-Indic digits
    [InlineData("من می‌خواهم پس بدهم", "میخواهم")]   // zero-width non-joiner ignored
    [InlineData("مُحَمَّد يسأل", "محمد")]              // diacritics ignored
    [InlineData("REFUND please", "refund")]          // case
    public async Task Search_FindsTheTextAsAReaderWould(string text, string query)
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var target = await server.PushAsync(admin, workspace, channel, new { sender = new { email = $"{Guid.NewGuid():N}@example.com" }, text });
        await server.PushAsync(admin, workspace, channel, new { sender = new { email = $"{Guid.NewGuid():N}@example.com" }, text = "something else entirely" });

        var found = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/conversations?q={Uri.EscapeDataString(query)}", Ct)).ReadAsync<Page<ConversationSummary>>();

        Assert.Equal([target.ConversationId], found.Items.Select(c => c.Id));
    }

    [Fact]
    public async Task Search_AllWordsMustMatch_AndOtherWorkspacesStayInvisible()
    {
        var workspace = await server.NewWorkspaceAsync();
        var other = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        var (otherChannel, _) = await server.NewApiChannelAsync(other);
        using var admin = await server.AdminAsync();
        var both = await server.PushAsync(admin, workspace, channel, new { sender = new { email = "x1@example.com" }, text = "the coffee grinder broke" });
        await server.PushAsync(admin, workspace, channel, new { sender = new { email = "x2@example.com" }, text = "the coffee was cold" });
        await server.PushAsync(admin, other, otherChannel, new { sender = new { email = "x3@example.com" }, text = "coffee grinder in another shop" });

        var found = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/conversations?q=grinder%20coffee", Ct)).ReadAsync<Page<ConversationSummary>>();
        var results = await admin.GetStringAsync($"/api/v1/workspaces/{workspace}/search?q=grinder", Ct);

        Assert.Equal([both.ConversationId], found.Items.Select(c => c.Id));
        Assert.Contains(both.ConversationId.ToString(), results, StringComparison.Ordinal);
        Assert.DoesNotContain("another shop", results, StringComparison.Ordinal);
    }
}

public sealed class SearchTestsOnSqlite(SqliteServer server) : SearchTests<SqliteServer>(server);

public sealed class SearchTestsOnPostgres(PostgresServer server) : SearchTests<PostgresServer>(server);
