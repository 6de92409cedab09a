using Hamdel.Browser.Tests.Pages;
using Hamdel.Browser.Tests.Support;
using Hamdel.Server.Features.Workspaces;
using Microsoft.Playwright;

namespace Hamdel.Browser.Tests;

/// <summary>The customer page: one person known by several addresses, duplicates merged, one timeline across channels.</summary>
public sealed class CustomerTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    [Fact]
    public async Task AddIdentity_OfAnotherCustomer_SaysItBelongsToThemAndLinksToThem()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        var channel = await admin.NewApiChannelAsync(workspace);
        var taken = server.NewEmail("reza");
        var mine = await admin.PushAsync(workspace, channel, new { email = server.NewEmail("maryam"), name = "Maryam Kazemi" }, "Where is my order?");
        await admin.PushAsync(workspace, channel, new { email = taken, name = "Reza Karimi" }, "Do you sell decaf?");
        using var agent = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInToWorkspaceAsync(agent.Email, agent.Password);
        var customer = new CustomerPage(page);
        await customer.OpenAsync(workspace, mine.CustomerId);

        await customer.AddIdentityAsync("E-mail", taken);

        await Assertions.Expect(customer.Conflict).ToContainTextAsync($"'{taken}' belongs to another customer");
        await Assertions.Expect(customer.ConflictOwner).ToContainTextAsync("Reza Karimi");
        await Assertions.Expect(customer.Identities).Not.ToContainTextAsync(taken);
        await customer.ConflictOwner.ClickAsync();
        await Assertions.Expect(customer.Name).ToHaveTextAsync("Reza Karimi");
        await Assertions.Expect(customer.Identities).ToContainTextAsync(taken);
    }

    [Fact]
    public async Task Merge_DuplicateFoundBySearch_TimelineShowsTheConversationsOfBoth()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        var website = await admin.NewApiChannelAsync(workspace, "Website");
        var instagram = await admin.NewApiChannelAsync(workspace, "Instagram");
        var duplicateEmail = server.NewEmail("parisa.work");
        var survivor = await admin.PushAsync(workspace, website, new { email = server.NewEmail("parisa"), name = "پریسا نوری" }, "سفارشم کی می‌رسد؟");
        var duplicate = await admin.PushAsync(workspace, instagram, new { email = duplicateEmail, name = "Parisa N." }, "Same question here: where is my order?");
        using var agent = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        var page = await server.NewPageAsync();
        await new LoginPage(page).SignInToWorkspaceAsync(agent.Email, agent.Password);
        var customer = new CustomerPage(page);
        await customer.OpenAsync(workspace, survivor.CustomerId);
        await Assertions.Expect(customer.ConversationsOnTimeline).ToHaveCountAsync(1);

        await customer.MergeAsync(duplicateEmail, "Parisa N.");

        await Assertions.Expect(customer.ConversationsOnTimeline).ToHaveCountAsync(2);
        await Assertions.Expect(customer.ConversationsOnTimeline.Filter(new() { HasText = "Instagram" })).ToContainTextAsync("where is my order?");
        await Assertions.Expect(customer.ConversationsOnTimeline.Filter(new() { HasText = "Website" })).ToContainTextAsync("سفارشم کی می‌رسد؟");
        await Assertions.Expect(page.Locator("[data-testid=timeline-item][data-kind=merge]")).ToContainTextAsync("Parisa N. was merged into this customer");
        await Assertions.Expect(customer.Identities).ToContainTextAsync(duplicateEmail);
        await page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot("customer-merged-en") });

        // The duplicate's old address now says where everything went.
        await customer.OpenAsync(workspace, duplicate.CustomerId);
        await Assertions.Expect(customer.MergedInto).ToContainTextAsync("پریسا نوری");
        await customer.MergedInto.Locator("a").ClickAsync();
        await Assertions.Expect(customer.Name).ToHaveTextAsync("پریسا نوری");
    }
}
