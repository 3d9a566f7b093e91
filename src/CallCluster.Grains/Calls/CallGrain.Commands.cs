using CallCluster.Agent.Engine;
using CallCluster.Agent.TurnTaking;
using CallCluster.Grains.Evidence;
using CallCluster.Grains.Listening;
using CallCluster.Grains.Speaking;
using CallCluster.Grains.Streaming;
using CallCluster.Grains.Telemetry;
using CallCluster.Runtime.Persistence;
using Microsoft.Extensions.Logging;

namespace CallCluster.Grains.Calls;

// Executing the turn-taking machine's commands, in order, on the grain's turn.
public sealed partial class CallGrain
{
    private async Task ExecuteAsync(TurnCommand command)
    {
        switch (command)
        {
            case StartRecognition start:
                _recognition?.Cancel();
                var recognition = new RecognitionWorker(start.RecognitionId, _stt, HintsForCurrentNode(), TimeProvider, Inbox.Post);
                _preRoll.Replay(recognition.Push);
                _recognition = recognition;
                break;
            case FinalizeRecognition finalize when _recognition?.Id == finalize.RecognitionId:
                _recognition.Complete();
                _recognition = null;
                break;
            case CancelRecognition cancel when _recognition?.Id == cancel.RecognitionId:
                _recognition.Cancel();
                _recognition = null;
                break;
            case RunDecision decision:
                StartDecision(decision);
                break;
            case Speak speak:
                _speech?.Cancel();
                _speech = new SpeechJob(speak.TurnId, speak.Text, _activation, _sentences, Outbound, TimeProvider, Inbox.Post);
                _speechTurn = speak.TurnId;
                break;
            case ClearPlayout clear:
                Outbound.Clear(clear.TurnId);
                break;
            case CancelInFlight cancel:
                CancelInFlight(cancel.TurnId);
                break;
            case CommitAgentTurn commit:
                CommitAgentTurn(commit);
                break;
            case RecordTurnLatency record:
                RecordLatency(record.Latency);
                break;
            case StartTransfer:
                // No transfer-agent grain yet: the edge hands the caller over (a blind REFER) and answers with a
                // TransferResult once the transferee's final NOTIFY says whether the transfer connected.
                Outbound.Control(CallStreamMessageKind.Transfer, _conversation?.TransferTarget ?? "default");
                break;
            case HangUp hangUp:
                Outbound.Control(CallStreamMessageKind.HangUp, hangUp.Disposition.ToString());
                break;
            case CallFinished finished:
                await FinishAsync(finished);
                break;
            case Checkpoint checkpoint:
                // The snapshot covers the caller input taken so far; the write may wait, the count is from now.
                _checkpointInputs = _inputs;
                if (_decision is not null)
                {
                    // The turn's one write waits for the decision, so the checkpoint carries the tool ledger.
                    _checkpointAfterDecision = true;
                }
                else
                {
                    await WriteCheckpointAsync(checkpoint.Snapshot);
                }

                break;
            case PausePlayout or ResumePlayout:
                // The edge seam has no pause; playout runs on and a confirmed barge-in clears it.
                break;
            case FinalizeRecognition or CancelRecognition or CancelTransfer:
                break;
            default:
                throw new InvalidOperationException($"Unknown turn command {command.GetType().Name}.");
        }
    }

    private void StartDecision(RunDecision decision)
    {
        var evidence = _state.State.Evidence;
        if (decision.Transcript.Length > 0)
        {
            evidence.Transcript.Add(new TranscriptLine("caller", decision.Transcript, Now));
        }

        if (decision.Digits.Length > 0)
        {
            evidence.Transcript.Add(new TranscriptLine("keypad", decision.Digits, Now));
        }

        _decision?.Cancel();
        var cancel = new CancellationTokenSource();
        _decision = cancel;
        _decisionTurn = decision.TurnId;
        var copy = Copy(_conversation!);
        var engine = _agent.Engine;
        var inbox = Inbox;
        var time = TimeProvider;
        // Kept (besides posted) so a handover can wait for it: see HandOverAsync.
        _decisionRun = Task.Run<DecisionResult?>(async () =>
        {
            try
            {
                var turn = decision.Digits.Length > 0
                    ? await engine.HandleDtmfAsync(copy, decision.Digits, cancel.Token)
                    : decision.Transcript.Length > 0
                        ? await engine.HandleUtteranceAsync(copy, decision.Transcript, cancel.Token)
                        : await engine.HandleNoInputAsync(copy, cancel.Token);
                var result = new DecisionResult(time.GetUtcNow(), decision.TurnId, copy, turn);
                inbox.Post(result);
                return result;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // Superseded or barged in on: the machine ignores this turn now.
                return null;
            }
#pragma warning disable CA1031 // A failing decision costs one turn (the machine's decision timeout plays the fallback), not the call.
            catch (Exception e)
#pragma warning restore CA1031
            {
                inbox.Post(new ErrorRecord(time.GetUtcNow(), "decision", e.Message));
                return null;
            }
        });
    }

    private async Task OnDecisionAsync(DecisionResult result)
    {
        if (_decision is null || result.TurnId != _decisionTurn)
        {
            return;
        }

        _decision = null;
        _conversation = result.State;
        RecordTools(result.Turn);
        var turn = result.Turn;
        await HandleAsync(new DecisionCompleted(result.At, result.TurnId));
        var then = turn.TransferRequested ? AfterSpeaking.Transfer : turn.Ended ? AfterSpeaking.EndCall : AfterSpeaking.Listen;
        var disposition = turn.TransferRequested ? CallDisposition.Transferred : CallDisposition.Completed;
        var (completes, underway, digits) = then == AfterSpeaking.Listen ? GrammarOf(result.State) : (null, null, null);
        await HandleAsync(new ResponseReady(Now, result.TurnId, turn.Response, then, completes, disposition, underway, digits));
        if (_checkpointAfterDecision && _machine is not null)
        {
            _checkpointAfterDecision = false;
            await WriteCheckpointAsync(_machine.Snapshot());
        }
    }

    /// <summary>
    /// The edge's answer to a transfer. A refused one is not the disposition the graph wrote for a handed-over call:
    /// the evidence says the transfer failed and why, and the machine tells the caller (its transfer-failed line).
    /// </summary>
    private Task OnTransferResultAsync(bool connected)
    {
        if (!connected)
        {
            var target = _conversation?.TransferTarget ?? "default";
            _state.State.Evidence.Errors.Add(new ErrorRecord(Now, "transfer", $"The edge could not transfer the call to '{target}'."));
            if (_conversation is not null)
            {
                _conversation.Disposition = "transfer_failed";
                _conversation.TransferTarget = null;
            }
        }

        return HandleAsync(new TransferCompleted(Now, connected ? TransferOutcome.Connected : TransferOutcome.Failed));
    }

    private void CancelInFlight(int turnId)
    {
        if (_speech is not null && _speechTurn == turnId)
        {
            _speech.Cancel();
            _speech = null;
        }

        if (_decision is not null && _decisionTurn == turnId)
        {
            _decision.Cancel();
            _decision = null;
        }
    }

    private void CommitAgentTurn(CommitAgentTurn commit)
    {
        if (commit.HeardText.Length > 0)
        {
            _state.State.Evidence.Transcript.Add(new TranscriptLine("agent", commit.HeardText, Now, commit.Interrupted));
        }

        if (commit.Interrupted && _conversation is { } conversation
            && conversation.Transcript.FindLastIndex(e => e.Speaker == "agent") is var last and >= 0)
        {
            // The engine recorded the whole line; the history keeps what the caller heard, so the next turn's
            // decision does not assume the caller heard the rest.
            if (commit.HeardText.Length > 0)
            {
                conversation.Transcript[last] = conversation.Transcript[last] with { Text = commit.HeardText };
            }
            else
            {
                conversation.Transcript.RemoveAt(last);
            }
        }
    }

    private void RecordLatency(TurnLatency latency)
    {
        _state.State.Evidence.Turns.Add(new TurnLatencyRecord(
            latency.TurnId,
            latency.Outcome.ToString(),
            latency.EndOfUtterance?.TotalMilliseconds,
            latency.SttFinal?.TotalMilliseconds,
            latency.Decision?.TotalMilliseconds,
            latency.LlmFirstToken?.TotalMilliseconds,
            latency.TtsFirstByte?.TotalMilliseconds,
            latency.FirstPacketOut?.TotalMilliseconds,
            latency.EndToEnd?.TotalMilliseconds,
            Now,
            latency.SpeechStoppedAt));
        GrainsTelemetry.RecordTurn(GrainId.Key, latency, Now);
    }

    private void RecordTools(AgentTurn turn)
    {
        foreach (var call in turn.ToolCalls)
        {
            _state.State.Evidence.ToolCalls.Add(new ToolCallEvidence(
                call.Tool,
                new Dictionary<string, string>(call.Arguments, StringComparer.Ordinal),
                call.Outcome,
                new Dictionary<string, string>(call.Result, StringComparer.Ordinal),
                call.Replayed,
                call.Error,
                call.Latency.TotalMilliseconds));
        }
    }

    private async Task WriteCheckpointAsync(TurnTakingSnapshot snapshot)
    {
        _state.State.Conversation = _conversation;
        _state.State.TurnTaking = snapshot;
        var inputs = _checkpointInputs;
        _state.State.CallerInputs = inputs;
        try
        {
            await _state.WriteStateAsync();
            // Only a written checkpoint lets the edge forget input: before, a failover would still need it.
            Outbound.AcknowledgeInput(inputs);
        }
        catch (InconsistentStateException e)
        {
            // Another activation owns the call now (this one was fenced off): stop touching it.
            _logger.LogWarning(e, "Call {CallId}: checkpoint refused; this activation lost ownership.", GrainId.Key);
            StopWork();
            DeactivateOnIdle();
        }
    }

    private async Task FinishAsync(CallFinished finished)
    {
        StopWork();
        // The call is over: a graceful shutdown need not wait for this activation any more.
        DelayDeactivation(TimeSpan.Zero);
        var saved = _state.State;
        var conversation = _conversation ?? saved.Conversation ?? ConversationState.Create(GrainId.Key);
        saved.Ended = true;
        await WriteCheckpointAsync(_machine!.Snapshot());
        var evidence = await BuildEvidenceAsync(saved, conversation, finished);
        var recording = Recording.IsClosed ? null : Recording;
        if (Recording.Failure is { } failure)
        {
            _logger.LogError("Call {CallId}: the recording stopped: {Failure}", GrainId.Key, failure);
        }

        try
        {
            // A repeated end (the edge's retry after a failover) rewrites call.json and leaves recording.wav as written.
            await _evidence.WriteAsync(evidence, recording, CancellationToken.None);
        }
        catch (IOException e)
        {
            _logger.LogError(e, "Call {CallId}: writing the evidence package to {Path} failed.", GrainId.Key, _evidence.PackagePath(GrainId.Key));
        }
        finally
        {
            // Saved or not, the audio's chunks go back to the pool now, for the next calls, not when the idle activation
            // is collected minutes later.
            Recording.Dispose();
        }

        _logger.LogInformation("Call {CallId} finished: {Disposition}.", GrainId.Key, evidence.Disposition);
    }

    private async Task<CallEvidence> BuildEvidenceAsync(CallState saved, ConversationState conversation, CallFinished finished)
    {
        foreach (var result in conversation.Results.Values)
        {
            _redactor.AddSensitive(result.GetValueOrDefault("name"));
        }

        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (slot, value) in conversation.Slots)
        {
            records["slot." + slot] = value;
        }

        foreach (var (tool, result) in conversation.Results)
        {
            foreach (var (field, value) in result)
            {
                records[tool + "." + field] = value;
            }
        }

        if (_agent.Store is { } store)
        {
            foreach (var refund in await store.RefundsAsync(conversation.RunId, CancellationToken.None))
            {
                records["sandbox.refund." + refund.Id] = $"order {refund.OrderNumber}, {refund.AmountCents} cents";
            }
        }

        var disposition = finished.Disposition == CallDisposition.CallerHungUp && !conversation.Ended
            ? "caller_hung_up"
            : conversation.Disposition ?? finished.Disposition.ToString();
        return new CallEvidence
        {
            CallId = GrainId.Key,
            AgentVersion = _agent.Version,
            Disposition = disposition,
            Caller = _redactor.Redact(saved.Hello?.Caller),
            StartedAt = saved.StartedAt,
            EndedAt = Now,
            Transcript = [.. saved.Evidence.Transcript.Select(l => l with { Text = _redactor.Redact(l.Text) })],
            Turns = saved.Evidence.Turns,
            ToolCalls = [.. saved.Evidence.ToolCalls.Select(t => t with { Arguments = _redactor.Redact(t.Arguments), Result = _redactor.Redact(t.Result) })],
            FinalRecords = _redactor.Redact(records),
            Counters = new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["barge_ins"] = finished.Counters.BargeIns,
                ["false_interruptions"] = finished.Counters.FalseInterruptions,
                ["reprompts"] = finished.Counters.Reprompts,
                ["fallbacks"] = finished.Counters.Fallbacks,
                ["agent_disappeared"] = finished.Counters.AgentDisappeared,
            },
            Errors = saved.Evidence.Errors,
            Resumes = saved.Evidence.Resumes,
        };
    }
}
