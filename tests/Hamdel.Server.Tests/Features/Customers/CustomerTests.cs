using System.Net;
using System.Net.Http.Json;
using Hamdel.Server.Features.Customers;
using Hamdel.Testing;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Tests.Features.Customers;

public abstract class CustomerTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : HamdelServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Merge_CustomerByEmailAndCustomerByPhone_SurvivorHasBothConversations_OtherIdPointsToIt()
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var byEmail = await server.PushAsync(admin, workspace, channel, new { sender = new { email = "reza@example.ir", name = "Reza" }, text = "ایمیل" });
        var byPhone = await server.PushAsync(admin, workspace, channel, new { sender = new { phone = "+989121234567" }, text = "تلفن" });
        Assert.NotEqual(byEmail.CustomerId, byPhone.CustomerId);

        var merged = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/customers/{byEmail.CustomerId}/merge", new { customerId = byPhone.CustomerId }, Ct)).ReadAsync<CustomerProfile>();

        Assert.Equal(["reza@example.ir", "+989121234567"], merged.Identities.Select(i => i.Value));
        var timeline = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/customers/{byEmail.CustomerId}/timeline", Ct)).ReadAsync<List<TimelineItem>>();
        Assert.Equal([byEmail.ConversationId, byPhone.ConversationId], timeline.Where(t => t.Kind == "conversation").Select(t => t.RefId).Order());
        Assert.Contains(timeline, t => t.Kind == "merge" && t.RefId == byPhone.CustomerId);

        var gone = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/customers/{byPhone.CustomerId}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(byEmail.CustomerId, gone.GetProperty("mergedInto").GetGuid());
        Assert.EndsWith($"/customers/{byEmail.CustomerId}", gone.GetProperty("location").GetString(), StringComparison.Ordinal);
        var list = await admin.GetStringAsync($"/api/v1/workspaces/{workspace}/customers", Ct);
        Assert.DoesNotContain(byPhone.CustomerId.ToString(), list, StringComparison.Ordinal);

        // A new message from the phone lands with the survivor, in the conversation it already has there.
        var later = await server.PushAsync(admin, workspace, channel, new { sender = new { phone = "+989121234567" }, text = "باز هم من" });
        Assert.Equal(byEmail.CustomerId, later.CustomerId);
        await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/customers/{byEmail.CustomerId}/merge", new { customerId = byPhone.CustomerId }, Ct)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/customers/{byEmail.CustomerId}/merge", new { customerId = byEmail.CustomerId }, Ct)).AssertFieldErrorAsync("customerId");
    }

    [Fact]
    public async Task Identity_OfAnotherCustomer_UnverifiedIsRefusedWithAPointer_VerifiedMergesThem()
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var visitor = await server.PushAsync(admin, workspace, channel, new { sender = new { handle = "web:visitor-81" }, text = "سلام از ویجت" });
        var known = await server.PushAsync(admin, workspace, channel, new { sender = new { email = "hana@example.sa", name = "هناء" }, text = "مرحبا" });
        var url = $"/api/v1/workspaces/{workspace}/customers/{visitor.CustomerId}/identities";

        var refused = await (await admin.PostAsJsonAsync(url, new { kind = "Email", value = "HANA@example.sa" }, Ct)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(known.CustomerId, refused.GetProperty("customerId").GetGuid());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync(url, new { kind = "Email", value = "hana@example.sa", verified = true }, Ct)).StatusCode);

        var survivor = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/customers/{visitor.CustomerId}", Ct)).ReadAsync<CustomerProfile>();
        Assert.Contains(survivor.Identities, i => i.Value == "hana@example.sa" && i.Verified);
        Assert.Contains(survivor.Identities, i => i.Value == "web:visitor-81");
        Assert.Equal(2, await server.QueryAsync(db => db.Conversations.CountAsync(c => c.CustomerId == visitor.CustomerId, Ct)));
        var merge = await server.QueryAsync(db => db.CustomerMerges.SingleAsync(m => m.SurvivorId == visitor.CustomerId, Ct));
        Assert.Equal(("verified-identity", known.CustomerId), (merge.Reason, merge.MergedId));
    }

    [Fact]
    public async Task Inbound_VerifiedSenderMatchingTwoCustomers_MergesIntoTheOlder()
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var older = await server.PushAsync(admin, workspace, channel, new { sender = new { email = "sam@example.co.uk" }, text = "first" });
        var newer = await server.PushAsync(admin, workspace, channel, new { sender = new { phone = "+447911123456" }, text = "second" });

        var both = await server.PushAsync(admin, workspace, channel, new { sender = new { email = "sam@example.co.uk", phone = "+447911123456", verified = true }, text = "I am both" });

        Assert.Equal(older.CustomerId, both.CustomerId);
        Assert.Equal(older.CustomerId, await server.QueryAsync(db => db.Customers.Where(c => c.Id == newer.CustomerId).Select(c => c.MergedIntoId).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Create_WithPersianDigitsPhoneTypedAttributesAndTags_Normalised()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}", new { name = "Shop", defaultPhoneRegion = "IR" }, Ct);

        var created = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/customers", new
        {
            displayName = "نیلوفر", language = "fa", timeZone = "Asia/Tehran",
            identities = new[] { new { kind = "Phone", value = "۰۹۱۲-۳۳۳ ۴۴ ۵۵" }, new { kind = "Email", value = "Niloufar@Example.ir" } },
            attributes = new object[] { new { key = "orders", type = "Number", value = "۱۲٫۵" }, new { key = "since", type = "Date", value = "2024-03-20" }, new { key = "vip", type = "Boolean", value = "TRUE" } },
            tags = new[] { "VIP", " vip ", "Tehran" },
        }, Ct)).ReadAsync<CustomerProfile>();

        Assert.Equal(["niloufar@example.ir", "+989123334455"], created.Identities.Select(i => i.Value));
        Assert.Equal(["12.5", "2024-03-20", "true"], created.Attributes.OrderBy(a => a.Key).Select(a => a.Value));
        Assert.Equal(["tehran", "vip"], created.Tags);

        var found = await admin.GetStringAsync($"/api/v1/workspaces/{workspace}/customers?q={Uri.EscapeDataString("۰۹۱۲۳۳۳۴۴۵۵")}", Ct);
        Assert.Contains(created.Id.ToString(), found, StringComparison.Ordinal);

        var bad = await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}/customers/{created.Id}/attributes/orders", new { type = "Number", value = "many" }, Ct);
        Assert.Contains("many", await bad.AssertFieldErrorAsync("value"), StringComparison.Ordinal);
        await (await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}/customers/{created.Id}/attributes/Bad-Key", new { type = "Text", value = "x" }, Ct)).AssertFieldErrorAsync("key");
        await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/customers", new { displayName = "Dup", identities = new[] { new { kind = "Email", value = "niloufar@example.ir" } } }, Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }
}

public sealed class CustomerTestsOnSqlite(SqliteServer server) : CustomerTests<SqliteServer>(server);

public sealed class CustomerTestsOnPostgres(PostgresServer server) : CustomerTests<PostgresServer>(server);
