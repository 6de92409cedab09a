using System.Globalization;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Api;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Events;
using Hamdel.Server.Infrastructure.Localization;
using Hamdel.Server.Infrastructure.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hamdel.Server.Features.Surveys;

internal static class SurveyEndpoints
{
    public static IServiceCollection AddSurveys(this IServiceCollection services)
    {
        services.AddOptions<SurveyOptions>().BindConfiguration(SurveyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SurveyTokens>();
        services.AddSingleton<SurveyLinks>();
        services.AddSingleton<InvitationSender>();
        services.AddHostedService(sp => sp.GetRequiredService<InvitationSender>());
        return services
            .AddScoped<ManageSurveys.Handler>()
            .AddScoped<SurveyScheduler>()
            .AddScoped<SurveyResponses>()
            .AddScoped<SurveyReports>()
            .AddScoped<SendSurvey.Handler>()
            .AddScoped<ImportAnswers.Handler>()
            .AddScoped<IEventHandler, SurveyTriggerHandler>()
            .AddScoped<ITimelineSource, SurveyTimelineSource>()
            .AddScoped<ICustomerMergeParticipant, SurveyMergeParticipant>();
    }

    /// <summary>An answer from the public page's script-free twin: the embedded snippet, a kiosk, another front end.</summary>
    internal sealed record PublicAnswer(string? Token, string? PublicKey, string? Score, List<string>? Choices, string? Comment, bool? WantsContact, string? Language);

    public sealed record PublicAnswerResult(Guid AnswerId, ResponseState State, int? Score, DateTimeOffset? ChangeableUntil);

    public static void MapPublicSurveyEndpoints(this RouteGroupBuilder publicApi)
    {
        publicApi.MapPost("/surveys/answers", async Task<Results<Created<PublicAnswerResult>, ProblemHttpResult, ValidationProblem>> (PublicAnswer request, SurveyResponses responses, CancellationToken ct) =>
            {
                var input = new SurveyResponses.Input(request.Score, request.Choices, request.Comment, request.WantsContact ?? false);
                Outcome<ResponseView> outcome;
                if (!string.IsNullOrEmpty(request.Token))
                {
                    outcome = await responses.AnswerAsync(request.Token, input, keepRest: false, ct);
                }
                else if (!string.IsNullOrEmpty(request.PublicKey))
                {
                    var language = Intl.IsSupportedLanguage(request.Language) ? request.Language! : CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
                    outcome = await responses.AnswerPublicAsync(request.PublicKey, Intl.IsSupportedLanguage(language) ? language : "en", input, ct);
                }
                else
                {
                    outcome = Failure.Invalid("token", Strings.Get("Survey.TokenOrKey"));
                }
                return outcome.ToHttp(v => TypedResults.Created((string?)null, new PublicAnswerResult(v.AnswerId!.Value, v.State, v.Score, v.ChangeableUntil)));
            })
            .WithTags("Public surveys")
            .WithName("AnswerSurvey")
            .WithSummary("Answers a survey without signing in: with an invitation's token (one answer per invitation; sending again within the change window changes it) or a survey's public key (each call is one answer). 400 names the wrong field (token for an altered or unknown link), 410 says the link expired or the answer can no longer change.")
            .RequireRateLimiting(RateLimits.PublicForm)
            .ProducesProblem(StatusCodes.Status410Gone).ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    public static void MapSurveyEndpoints(this RouteGroupBuilder workspace)
    {
        var touchpoints = workspace.MapGroup("/touchpoints").WithTags("Surveys");
        touchpoints.MapGet("/", async (CurrentMember member, ManageSurveys.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.ListTouchpointsAsync(member, ct)))
            .WithName("ListTouchpoints").WithSummary("The named moments of the customer journey that answers are counted at.");
        touchpoints.MapPost("/", async Task<Results<Created<TouchpointDto>, ProblemHttpResult, ValidationProblem>> (ManageSurveys.TouchpointRequest request, CurrentMember member, ManageSurveys.Handler handler, CancellationToken ct) =>
                (await handler.CreateTouchpointAsync(member, request, ct)).ToHttp(t => TypedResults.Created($"/api/v1/workspaces/{member.WorkspaceId}/touchpoints", t)))
            .WithName("CreateTouchpoint").WithSummary("Adds a touchpoint (a key such as order.delivered and a name).")
            .RequireWorkspaceRole(WorkspaceAccess.Supervisors).ProducesProblem(StatusCodes.Status409Conflict);

        var surveys = workspace.MapGroup("/surveys").WithTags("Surveys");

        surveys.MapGet("/", async (CurrentMember member, ManageSurveys.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.ListAsync(member, ct)))
            .WithName("ListSurveys").WithSummary("The workspace's surveys with their current version.");

        surveys.MapPost("/", async Task<Results<Created<SurveyDto>, ProblemHttpResult, ValidationProblem>> (ManageSurveys.Request request, CurrentMember member, ManageSurveys.Handler handler, CancellationToken ct) =>
                (await handler.SaveAsync(member, null, request, ct)).ToHttp(s => TypedResults.Created($"/api/v1/workspaces/{member.WorkspaceId}/surveys/{s.Id}", s)))
            .WithName("CreateSurvey").WithSummary("Creates a survey: its question (Nps, Csat, Ces, Rating, SingleChoice, MultipleChoice, Text) in en/fa/ar and the follow-up question by score.")
            .RequireWorkspaceRole(WorkspaceAccess.Supervisors);

        surveys.MapGet("/settings", async (CurrentMember member, ManageSurveys.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.GetSettingsAsync(member.WorkspaceId, ct)))
            .WithName("GetSurveySettings").WithSummary("The throttle: the fewest days between two surveys to one customer, across all surveys.");

        surveys.MapPut("/settings", async Task<Results<Ok<SurveySettingsDto>, ProblemHttpResult, ValidationProblem>> (ManageSurveys.SettingsRequest request, CurrentMember member, ManageSurveys.Handler handler, CancellationToken ct) =>
                (await handler.SaveSettingsAsync(member, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("UpdateSurveySettings").WithSummary("Sets the throttle (0–365 days).")
            .RequireWorkspaceRole(WorkspaceAccess.Supervisors);

        surveys.MapGet("/answers", async Task<Results<Ok<Page<AnswerDto>>, ProblemHttpResult, ValidationProblem>> (
                [AsParameters] AnswerQuery query, CurrentMember member, SurveyReports reports, CancellationToken ct) =>
                (await reports.AnswersAsync(member, query.Filter(), query.Cursor, query.Limit, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListSurveyAnswers").WithSummary("Answers of customer surveys, newest first, with filters. Pulse answers are never listed, only aggregated.");

        surveys.MapGet("/invitations", async Task<Results<Ok<Page<InvitationDto>>, ProblemHttpResult, ValidationProblem>> (
                Guid? surveyId, InvitationStatus? status, string? cursor, int? limit, CurrentMember member, SurveyReports reports, CancellationToken ct) =>
                (await reports.InvitationsAsync(member, surveyId, status, cursor, limit, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListSurveyInvitations").WithSummary("Invitations, newest first: scheduled, sent, answered, skipped (with the reason) or failed. Pulse invitations name no one.");

        surveys.MapGet("/{surveyId:guid}", async Task<Results<Ok<SurveyDto>, ProblemHttpResult, ValidationProblem>> (Guid surveyId, CurrentMember member, ManageSurveys.Handler handler, CancellationToken ct) =>
                (await handler.GetAsync(member, surveyId, ct)).ToHttp(TypedResults.Ok))
            .WithName("GetSurvey").WithSummary("One survey with its current version.");

        surveys.MapPut("/{surveyId:guid}", async Task<Results<Ok<SurveyDto>, ProblemHttpResult, ValidationProblem>> (Guid surveyId, ManageSurveys.Request request, CurrentMember member, ManageSurveys.Handler handler, CancellationToken ct) =>
                (await handler.SaveAsync(member, surveyId, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("UpdateSurvey").WithSummary("Changes a survey. A change of wording to a version that has answers makes a new version; answers keep theirs.")
            .RequireWorkspaceRole(WorkspaceAccess.Supervisors);

        surveys.MapGet("/{surveyId:guid}/results", async Task<Results<Ok<SurveyResults>, ProblemHttpResult, ValidationProblem>> (Guid surveyId, DateTimeOffset? from, DateTimeOffset? to, CurrentMember member, SurveyReports reports, CancellationToken ct) =>
                (await reports.ResultsAsync(member, surveyId, from, to, ct)).ToHttp(TypedResults.Ok))
            .WithName("GetSurveyResults").WithSummary("NPS or mean score, by touchpoint (customer surveys) or team (pulse; groups under 5 answers hidden).");

        surveys.MapGet("/{surveyId:guid}/triggers", async Task<Results<Ok<List<TriggerDto>>, ProblemHttpResult, ValidationProblem>> (Guid surveyId, CurrentMember member, ManageSurveys.Handler handler, CancellationToken ct) =>
                (await handler.ListTriggersAsync(member, surveyId, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListSurveyTriggers").WithSummary("When the survey is sent by itself.");

        surveys.MapPost("/{surveyId:guid}/triggers", async Task<Results<Created<TriggerDto>, ProblemHttpResult, ValidationProblem>> (Guid surveyId, ManageSurveys.TriggerRequest request, CurrentMember member, ManageSurveys.Handler handler, CancellationToken ct) =>
                (await handler.SaveTriggerAsync(member, surveyId, null, request, ct)).ToHttp(t => TypedResults.Created($"/api/v1/workspaces/{member.WorkspaceId}/surveys/{surveyId}/triggers/{t.Id}", t)))
            .WithName("CreateSurveyTrigger").WithSummary("Sends the survey when a conversation is resolved (optionally per channel or team) or an event is tracked, after a delay, to a sample.")
            .RequireWorkspaceRole(WorkspaceAccess.Supervisors);

        surveys.MapPut("/{surveyId:guid}/triggers/{triggerId:guid}", async Task<Results<Ok<TriggerDto>, ProblemHttpResult, ValidationProblem>> (Guid surveyId, Guid triggerId, ManageSurveys.TriggerRequest request, CurrentMember member, ManageSurveys.Handler handler, CancellationToken ct) =>
                (await handler.SaveTriggerAsync(member, surveyId, triggerId, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("UpdateSurveyTrigger").WithSummary("Changes a trigger.")
            .RequireWorkspaceRole(WorkspaceAccess.Supervisors);

        surveys.MapDelete("/{surveyId:guid}/triggers/{triggerId:guid}", async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> (Guid surveyId, Guid triggerId, CurrentMember member, ManageSurveys.Handler handler, CancellationToken ct) =>
                (await handler.DeleteTriggerAsync(member, surveyId, triggerId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("DeleteSurveyTrigger").WithSummary("Removes a trigger.")
            .RequireWorkspaceRole(WorkspaceAccess.Supervisors);

        surveys.MapPost("/{surveyId:guid}/send", async Task<Results<Ok<SendSurvey.Response>, ProblemHttpResult, ValidationProblem>> (Guid surveyId, SendSurvey.Request request, CurrentMember member, SendSurvey.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, surveyId, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("SendSurvey").WithSummary("Sends now: a customer survey to customerIds and/or everyone with a tag (throttled; skipped ones are listed with the reason), a pulse survey to the workspace's people or one team's.")
            .RequireWorkspaceRole(WorkspaceAccess.Supervisors);

        surveys.MapPost("/{surveyId:guid}/answers/import", async Task<Results<Ok<ImportAnswers.Response>, ProblemHttpResult, ValidationProblem>> (Guid surveyId, HttpRequest http, CurrentMember member, ImportAnswers.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, surveyId, http.Body, ct)).ToHttp(TypedResults.Ok))
            .WithName("ImportSurveyAnswers")
            .WithSummary("Imports historical answers from CSV (columns: date, email, phone, handle, name, touchpoint, channel, score, choices, comment, language). All or nothing: any bad row gets 400 naming every bad row and field (rows[N].field) and nothing is stored.")
            // Described, not declared with Accepts(): that would make routing answer 415 before the workspace check.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType> { ["text/csv"] = new() { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String } } },
                };
                return Task.CompletedTask;
            })
            .WithMetadata(new RequestSizeLimitAttribute(100 * 1024 * 1024))
            .RequireWorkspaceRole(WorkspaceAccess.Supervisors)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    internal sealed record AnswerQuery(
        Guid? SurveyId, Guid? TouchpointId, Guid? ChannelId, Guid? TeamId, Guid? AgentId, Guid? CustomerId, int? MinScore, int? MaxScore,
        DateTimeOffset? From, DateTimeOffset? To, bool? HasComment, AnswerSource? Source, string? Cursor, int? Limit)
    {
        public SurveyReports.AnswerFilter Filter() => new(SurveyId, TouchpointId, ChannelId, TeamId, AgentId, CustomerId, MinScore, MaxScore, From, To, HasComment, Source);
    }
}
