using System.Text.Json.Serialization;
using Hamdel.Server.Components;
using Hamdel.Server.Features.Audit;
using Hamdel.Server.Features.Channels;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Inbox;
using Hamdel.Server.Features.Insights;
using Hamdel.Server.Features.Teams;
using Hamdel.Server.Features.Webhooks;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.Demo;
using Hamdel.Server.Features.Email;
using Hamdel.Server.Features.FollowUps;
using Hamdel.Server.Features.Metrics;
using Hamdel.Server.Features.Surveys;
using Hamdel.Server.Features.Tracking;
using Hamdel.Server.Features.Tokens;
using Hamdel.Server.Features.Users;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure;
using Hamdel.Server.Infrastructure.Api;
using Hamdel.Server.Infrastructure.Auth;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Events;
using Hamdel.Server.Infrastructure.Localization;
using Hamdel.Server.Infrastructure.Observability;
using Microsoft.AspNetCore.DataProtection;
using MudBlazor.Services;

namespace Hamdel.Server;

/// <summary>
/// The whole application's wiring. <c>Program</c> runs it; tests and benchmarks build the same
/// application with their own settings (as command-line arguments) and extra service overrides.
/// </summary>
public static class HamdelApp
{
    public static async Task<WebApplication> CreateAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Fixed, so that static assets and components are found when another program (a test
            // host) is the entry assembly.
            ApplicationName = typeof(HamdelApp).Assembly.GetName().Name,
        });

        builder.AddHamdelData();
        builder.AddHamdelTelemetry();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddDataProtection().SetApplicationName("Hamdel").PersistKeysToDbContext<HamdelDbContext>();
        builder.Services.AddHamdelAuth(builder.Configuration);
        builder.Services.AddHamdelRateLimits(builder.Configuration);
        builder.Services.AddHamdelLocalization();
        builder.Services.AddHamdelOpenApi();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.Id ?? c.HttpContext.TraceIdentifier));
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        });
        builder.Services.AddSingleton<FlashMessages>();
        builder.Services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<DemoSeeder>();
        builder.Services.AddScoped<DemoSurveys>();
        ValidationSetup.Configure();

        builder.Services.AddHamdelEvents();
        builder.Services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services
            .AddWorkspaces()
            .AddUsers()
            .AddTokens()
            .AddAudit()
            .AddCustomers()
            .AddTeams()
            .AddChannels()
            .AddConversations()
            .AddWebhooks(builder.Configuration)
            .AddInbox()
            .AddTracking()
            .AddSurveys()
            .AddFollowUps()
            .AddInsights()
            .AddHamdelMetrics()
            .AddEmail();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddMudServices();

        configure?.Invoke(builder);
        var app = builder.Build();

        await app.InitializeHamdelAsync(cancellationToken);

        app.UseExceptionHandler();
        // The API answers a bare status with problem details; people in the browser get a page.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal), a => a.UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal), a => a.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseAuthentication();
        app.UseRequestLocalization();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseWorkspaceAccess();
        app.UseEmbeddablePages();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHamdelApi();
        app.MapHamdelOpenApi();
        app.MapAccountEndpoints();
        app.MapWorkspaceDownloads();
        app.MapMetricDownloads();
        app.MapAttachmentDownloads();
        app.MapQuarantineDownloads();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        return app;
    }
}
