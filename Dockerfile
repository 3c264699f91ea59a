# syntax=docker/dockerfile:1
# One image for the api, the worker and the migrate step; the command chooses.

FROM node:26-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
# npm run build also builds the web app into dist/web, which the API serves at /.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:26-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The official image's unprivileged user.
USER node
EXPOSE 3000 3001
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# The API's live heap is about 50 MB (bench/README.md); without a limit V8 sizes the old generation from the
# host's memory and lets request garbage pile up to 330 MB of resident memory before collecting it.
CMD ["node", "--max-old-space-size=192", "dist/apps/api/apps/api/src/main.js"]
