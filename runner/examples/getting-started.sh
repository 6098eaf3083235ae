# A first stevedore script: run it with
#   cargo run -p stevedore-runner -- run runner/examples/getting-started.sh
# (add --json for one JSON object per command). runner/tests/runner.rs runs it.

# A cluster, seen three ways.
aws ecs create-cluster --cluster-name demo --tags key=team,value=web
aws ecs describe-clusters --clusters demo --include TAGS --output table
aws ecs list-clusters --query 'clusterArns[0]' --output text

# A private registry, an image built on the simulated Docker client, pushed.
aws ecr create-repository --repository-name web --query repository.repositoryUri --output text
docker build -t web:1 --from nginx:alpine --size-mb 4 .
docker tag web:1 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1
docker push 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1  # expect-error
aws ecr get-login-password | docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com
docker push 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1
aws ecr describe-images --repository-name web --query 'imageDetails[].[imageTags[0], imagePushedAt]' --output text

# Time only moves when asked.
sim advance 15m
sim time

# Mistakes a learner makes, marked as expected.
aws ecs delete-cluster --cluster nope  # expect-error: ClusterNotFoundException
aws ecs create-cluster --cluster-name 'bad name!'  # expect-error: InvalidParameterException
aws ecs list-clusters --colour red  # expect-error: UsageError
aws ecs delete-cluster --cluster demo --query cluster.status --output text
