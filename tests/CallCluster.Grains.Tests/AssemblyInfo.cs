// End-to-end calls pace audio in real time on a shared 2-core machine: one at a time keeps their timing honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
