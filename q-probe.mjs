import { Queue } from 'bullmq';
const q = new Queue('x', { connection: { url: 'redis://127.0.0.1:1', enableOfflineQueue: false, maxRetriesPerRequest: 1 } });
q.on('error', () => {});
await new Promise(r => setTimeout(r, 500));
const t = Date.now();
try { await q.add('a', {}); } catch (e) { console.log('add failed in', Date.now()-t, 'ms:', e.message); }
const t2 = Date.now();
await Promise.race([q.close().then(()=>console.log('closed in', Date.now()-t2)), new Promise(r=>setTimeout(()=>{console.log('close hung');r()},3000))]);
const t3 = Date.now();
await Promise.race([q.disconnect().then(()=>console.log('disconnected in', Date.now()-t3)), new Promise(r=>setTimeout(()=>{console.log('disconnect hung');r()},3000))]);
process.exit(0);
