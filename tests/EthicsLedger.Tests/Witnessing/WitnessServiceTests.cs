using EthicsLedger.Hosting.Witnessing;
using EthicsLedger.Integrity;
using EthicsLedger.Integrity.Notes;

namespace EthicsLedger.Tests.Witnessing;

/// <summary>The witness over real HTTP on loopback, each answer of c2sp.org/tlog-witness add-checkpoint.</summary>
public class WitnessServiceTests : IAsyncLifetime
{
    const string Origin = "ethicsledger.example/witness-test";
    static readonly NoteSigner Log = NoteSigner.Generate(Origin, NoteSignatureType.Ed25519);
    static readonly List<byte[]> Leaves = Enumerable.Range(0, 20).Select(i => Enumerable.Repeat((byte)i, 32).ToArray()).ToList();
    readonly string _state = Path.Combine(Path.GetTempPath(), "ethicsledger-witness-" + Guid.NewGuid().ToString("N")[..12]);
    readonly HttpClient _http = new();
    WitnessServer _server = null!;
    NoteKey _witness = null!;

    public async Task InitializeAsync() => await StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
    }

    async Task StartAsync()
    {
        var cosigner = NoteKeyFile.LoadOrCreateCosigner(_state, "witness.example/w1");
        _witness = cosigner.Key;
        _server = await WitnessServer.StartAsync(cosigner, [Log.Key], _state, 0, TimeProvider.System, default);
    }

    static SignedNote Note(long size, NoteSigner? signer = null, List<byte[]>? leaves = null) =>
        SignedNote.Sign(new CheckpointNote(Origin, size, MerkleTree.Root((leaves ?? Leaves)[..(int)size])).Text, signer ?? Log);

    Task<WitnessReply> AddAsync(long old, SignedNote note, IReadOnlyList<byte[]>? proof = null) =>
        WitnessClient.AddCheckpointAsync(_http, _server.Url, old, proof ?? (old == 0 ? [] : MerkleTree.ConsistencyProof(Leaves, old, CheckpointNote.Parse(note.Text).Size)), note, default);

    [Fact]
    public async Task a_first_checkpoint_is_cosigned_with_a_valid_cosignature_and_a_larger_one_with_a_proof_too()
    {
        var first = await AddAsync(0, Note(5));
        first.Status.ShouldBe(200, first.Body);
        first.Body.ShouldEndWith("\n");
        Cosignature.Verify(_witness, Note(5).Text, NoteSignature.ParseLine(first.Body.TrimEnd('\n'))).ShouldNotBeNull();

        var next = await AddAsync(5, Note(13));
        next.Status.ShouldBe(200, next.Body);
        Cosignature.Verify(_witness, Note(13).Text, NoteSignature.ParseLine(next.Body.TrimEnd('\n'))).ShouldNotBeNull();
    }

    [Fact]
    public async Task an_unknown_origin_is_404()
    {
        var stranger = NoteSigner.Generate("ethicsledger.example/someone-else", NoteSignatureType.Ed25519);
        var note = SignedNote.Sign(new CheckpointNote(stranger.Key.Name, 1, MerkleTree.Root(Leaves[..1])).Text, stranger);
        (await AddAsync(0, note)).Status.ShouldBe(404);
    }

    [Fact]
    public async Task a_note_not_signed_by_the_origins_key_is_403()
    {
        var impostor = NoteSigner.Generate(Origin, NoteSignatureType.Ed25519);
        (await AddAsync(0, Note(5, impostor))).Status.ShouldBe(403);
        var tampered = Note(5) with { Text = new CheckpointNote(Origin, 5, new byte[32]).Text };
        (await AddAsync(0, tampered)).Status.ShouldBe(403);
    }

    [Fact]
    public async Task a_stale_old_size_is_409_with_the_stored_size_as_text_x_tlog_size()
    {
        (await AddAsync(0, Note(7))).Status.ShouldBe(200);

        using var content = new ByteArrayContent(WitnessClient.RequestBody(0, [], Note(9)));
        using var response = await _http.PostAsync(new Uri(_server.Url, "add-checkpoint"), content);

        ((int)response.StatusCode).ShouldBe(409);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/x.tlog.size");
        (await response.Content.ReadAsStringAsync()).ShouldBe("7\n");
    }

    [Fact]
    public async Task another_tree_of_the_same_size_is_409_and_never_cosigned()
    {
        (await AddAsync(0, Note(7))).Status.ShouldBe(200);
        var forged = Leaves.ToList();
        forged[3] = new byte[32];
        (await AddAsync(7, Note(7, leaves: forged), [])).Status.ShouldBe(409);
        (await AddAsync(7, Note(7), [])).Status.ShouldBe(200);
    }

    [Fact]
    public async Task a_proof_that_does_not_verify_is_422_and_the_stored_tree_is_unchanged()
    {
        (await AddAsync(0, Note(7))).Status.ShouldBe(200);
        var forged = Leaves.ToList();
        forged[3] = new byte[32];

        (await AddAsync(7, Note(12, leaves: forged), MerkleTree.ConsistencyProof(forged, 7, 12))).Status.ShouldBe(422);
        (await AddAsync(7, Note(12), [new byte[32]])).Status.ShouldBe(422);
        (await AddAsync(7, Note(12))).Status.ShouldBe(200);
    }

    [Fact]
    public async Task a_malformed_request_or_an_old_size_past_the_checkpoint_is_400()
    {
        (await AddAsync(9, Note(5), [])).Status.ShouldBe(400);
        using var content = new StringContent("old 01\n\n" + Note(5).Format());
        using var response = await _http.PostAsync(new Uri(_server.Url, "add-checkpoint"), content);
        ((int)response.StatusCode).ShouldBe(400);
    }

    [Fact]
    public async Task what_it_cosigned_survives_a_restart_and_a_second_witness_cannot_share_its_state()
    {
        (await AddAsync(0, Note(11))).Status.ShouldBe(200);
        Should.Throw<InvalidOperationException>(() => WitnessState.Open(_state));

        await _server.DisposeAsync();
        await StartAsync();

        var stale = await AddAsync(0, Note(11));
        stale.Status.ShouldBe(409);
        stale.StoredSize.ShouldBe(11);
        (await AddAsync(11, Note(15))).Status.ShouldBe(200);
    }
}
