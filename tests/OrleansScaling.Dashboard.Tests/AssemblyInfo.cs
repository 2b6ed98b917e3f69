// The browser tests train real models and the publish test compiles the dashboard: on a 2-core machine they
// must not compete with each other for the CPU, so the test collections run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
